package dev.imageingest.tools.common;

import dev.imageingest.model.RecordIds;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens input files as UTF-8 text: gzip is detected by its magic bytes (whatever the extension), a
 * leading byte-order mark is dropped, and the compressed bytes consumed are counted for progress.
 */
public final class InputFiles {
    private InputFiles() {}

    /** An opened text file plus a view of how much of it has been read. */
    public static final class Opened implements AutoCloseable {
        private final Reader reader;
        private final CountingInputStream counter;
        private final long size;

        private Opened(Reader reader, CountingInputStream counter, long size) {
            this.reader = reader;
            this.counter = counter;
            this.size = size;
        }

        public Reader reader() {
            return reader;
        }

        /** Share of the (compressed) file read so far, NaN for an empty file. */
        public double fractionRead() {
            return size <= 0 ? Double.NaN : Math.min(1.0, (double) counter.count() / size);
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** Bytes at the start of a file that {@link #fingerprint} hashes. */
    public static final int FINGERPRINT_HEAD_BYTES = 64 * 1024;

    /**
     * A cheap identity of a file's content: its size, last-modified time and the SHA-256 of its
     * first {@value #FINGERPRINT_HEAD_BYTES} raw bytes (as stored, compressed or not). Another file
     * under the same name (tomorrow's export) differs in at least one of them in practice; the rest
     * of the file is not read.
     */
    public static String fingerprint(Path file) throws IOException {
        long size = Files.size(file);
        String modified = Files.getLastModifiedTime(file).toInstant().toString();
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(FINGERPRINT_HEAD_BYTES);
        }
        return "size="
                + size
                + " modified="
                + modified
                + " head-sha256="
                + RecordIds.Hashing.sha256Hex(head);
    }

    public static Opened open(Path file) throws IOException {
        long size = Files.size(file);
        CountingInputStream counter = new CountingInputStream(Files.newInputStream(file));
        return new Opened(text(counter), counter, size);
    }

    /** UTF-8 text of a possibly gzipped stream, without a leading BOM. */
    public static Reader text(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        InputStream decoded = in;
        if (b1 == 0x1f && b2 == 0x8b) {
            decoded = new BufferedInputStream(new GZIPInputStream(in, 64 * 1024), 64 * 1024);
        }
        PushbackReader reader =
                new PushbackReader(new InputStreamReader(decoded, StandardCharsets.UTF_8), 1);
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            reader.unread(first);
        }
        return reader;
    }

    /** Counts bytes read through it. */
    public static final class CountingInputStream extends FilterInputStream {
        private volatile long count;

        public CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        /** Bytes read so far. */
        public long count() {
            return count;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
