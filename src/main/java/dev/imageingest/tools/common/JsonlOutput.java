package dev.imageingest.tools.common;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
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
    private FileChannel channel;
    private BufferedWriter writer;
    private long lines;
    private boolean unsynced;

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
                channel =
                        FileChannel.open(
                                path,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE,
                                append
                                        ? StandardOpenOption.APPEND
                                        : StandardOpenOption.TRUNCATE_EXISTING);
                writer =
                        new BufferedWriter(
                                new OutputStreamWriter(
                                        Channels.newOutputStream(channel), StandardCharsets.UTF_8));
            }
            writer.write(jsonLine);
            writer.write('\n');
            lines++;
            unsynced = true;
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

    /**
     * Flushes and, if lines were written since the last call, forces them to the storage device, so
     * they survive a crash of the machine too (one fsync per call at most; none when idle).
     */
    public synchronized void sync() {
        flush();
        if (unsynced) {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + path, e);
            }
            unsynced = false;
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
