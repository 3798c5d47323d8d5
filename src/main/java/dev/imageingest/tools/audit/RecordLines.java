package dev.imageingest.tools.audit;

import dev.imageingest.tools.common.InputFiles;
import dev.imageingest.tools.common.ToolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The lines of the delivered path-record files, one file after another: local files, directories
 * (all regular files below, in name order) and {@code s3://bucket/prefix} (every object under the
 * prefix, listed page by page, in key order). Gzip is detected per file. Only one file is open at a
 * time and it is read line by line.
 */
public final class RecordLines implements AutoCloseable {

    /** One line and where it came from. */
    public static final class Line {
        private final String origin;
        private final long lineNumber;
        private final String text;

        public Line(String origin, long lineNumber, String text) {
            this.origin = origin;
            this.lineNumber = lineNumber;
            this.text = text;
        }

        public String origin() {
            return origin;
        }

        public long lineNumber() {
            return lineNumber;
        }

        public String text() {
            return text;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Line)) {
                return false;
            }
            Line that = (Line) o;
            return Objects.equals(origin, that.origin)
                    && lineNumber == that.lineNumber
                    && Objects.equals(text, that.text);
        }

        @Override
        public int hashCode() {
            return Objects.hash(origin, lineNumber, text);
        }

        @Override
        public String toString() {
            return "Line[origin=" + origin + ", lineNumber=" + lineNumber + ", text=" + text + "]";
        }
    }

    private static final class Part {
        private final String name;
        private final long size;
        private final Opener opener;

        Part(String name, long size, Opener opener) {
            this.name = name;
            this.size = size;
            this.opener = opener;
        }

        public String name() {
            return name;
        }

        public long size() {
            return size;
        }

        public Opener opener() {
            return opener;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Part)) {
                return false;
            }
            Part that = (Part) o;
            return Objects.equals(name, that.name)
                    && size == that.size
                    && Objects.equals(opener, that.opener);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, size, opener);
        }

        @Override
        public String toString() {
            return "Part[name=" + name + ", size=" + size + ", opener=" + opener + "]";
        }
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private final List<Part> parts = new ArrayList<>();
    private final long totalBytes;
    private int partIndex = -1;
    private BufferedReader reader;
    private InputFiles.CountingInputStream counter;
    private long bytesOfClosedParts;
    private long lineNumber;

    /**
     * @param s3 creates the S3 client, called only when an input is an s3:// URI
     */
    public RecordLines(List<String> inputs, Supplier<S3AsyncClient> s3) throws IOException {
        for (String input : inputs) {
            S3Location location = S3Location.parse(input);
            if (location != null) {
                addS3(s3.get(), location);
            } else {
                addLocal(Path.of(input));
            }
        }
        totalBytes = parts.stream().mapToLong(Part::size).sum();
    }

    private void addLocal(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                for (Path file :
                        files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                    addLocalFile(file);
                }
            }
        } else if (Files.isRegularFile(path)) {
            addLocalFile(path);
        } else {
            throw ToolException.usage("no such file or directory: " + path);
        }
    }

    private void addLocalFile(Path file) throws IOException {
        parts.add(new Part(file.toString(), Files.size(file), () -> Files.newInputStream(file)));
    }

    private void addS3(S3AsyncClient s3, S3Location location) {
        List<S3Object> objects = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(location.key()))
                    .contents()
                    .subscribe(objects::add)
                    .join();
        } catch (CompletionException e) {
            throw new ToolException(
                    "cannot list " + location + ": " + e.getCause().getMessage(), e.getCause());
        }
        for (S3Object object : objects) {
            if (object.key().endsWith("/")) {
                continue; // folder marker
            }
            parts.add(
                    new Part(
                            "s3://" + location.bucket() + "/" + object.key(),
                            object.size() == null ? 0 : object.size(),
                            () -> open(s3, location.bucket(), object.key())));
        }
    }

    private static InputStream open(S3AsyncClient s3, String bucket, String key)
            throws IOException {
        try {
            return s3.getObject(
                            b -> b.bucket(bucket).key(key),
                            AsyncResponseTransformer.toBlockingInputStream())
                    .join();
        } catch (CompletionException e) {
            throw new IOException(
                    "cannot read s3://" + bucket + "/" + key + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** Number of files or objects to read. */
    public int files() {
        return parts.size();
    }

    /** The next line (blank lines skipped), or null after the last file. */
    public Line next() throws IOException {
        while (true) {
            if (reader == null && !openNext()) {
                return null;
            }
            String text = reader.readLine();
            if (text == null) {
                closeCurrent();
                continue;
            }
            lineNumber++;
            if (!text.isBlank()) {
                return new Line(parts.get(partIndex).name(), lineNumber, text);
            }
        }
    }

    private boolean openNext() throws IOException {
        if (partIndex + 1 >= parts.size()) {
            return false;
        }
        partIndex++;
        counter = new InputFiles.CountingInputStream(parts.get(partIndex).opener().open());
        reader = new BufferedReader(InputFiles.text(counter), 64 * 1024);
        lineNumber = 0;
        return true;
    }

    private void closeCurrent() throws IOException {
        if (reader != null) {
            bytesOfClosedParts += parts.get(partIndex).size();
            reader.close();
            reader = null;
            counter = null;
        }
    }

    /** Share of all input bytes (compressed, as stored) read so far; NaN when empty. */
    public double fractionRead() {
        if (totalBytes <= 0) {
            return Double.NaN;
        }
        InputFiles.CountingInputStream current = counter;
        long read = bytesOfClosedParts + (current == null ? 0 : current.count());
        return Math.min(1.0, (double) read / totalBytes);
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
    }
}
