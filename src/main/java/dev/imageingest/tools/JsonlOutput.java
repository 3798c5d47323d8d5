package dev.imageingest.tools;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A JSONL file written by several threads, created on the first line only (so a clean run leaves no
 * empty file behind). Appends when {@code append} is set (resumed runs), else truncates.
 */
public final class JsonlOutput implements AutoCloseable {
    private final Path path;
    private final boolean append;
    private BufferedWriter writer;
    private long lines;

    public JsonlOutput(Path path, boolean append) {
        this.path = path;
        this.append = append;
    }

    /** Writes one line (a newline is added). */
    public synchronized void write(String jsonLine) {
        try {
            if (writer == null) {
                Path dir = path.toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                writer =
                        Files.newBufferedWriter(
                                path,
                                StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE,
                                append
                                        ? StandardOpenOption.APPEND
                                        : StandardOpenOption.TRUNCATE_EXISTING);
            }
            writer.write(jsonLine);
            writer.write('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** Flushes what was written so far (called with each state-file update). */
    public synchronized void flush() {
        if (writer != null) {
            try {
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + path, e);
            }
        }
    }

    public synchronized long lines() {
        return lines;
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + path, e);
            }
        }
    }
}
