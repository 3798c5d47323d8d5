package dev.imageingest.tools.enqueue;

import dev.imageingest.tools.common.InputFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A row source reading one local file (gzip detected, BOM removed): progress by bytes read, and an
 * identity of path plus content {@link InputFiles#fingerprint fingerprint} for the state file.
 */
abstract class FileRowSource implements RowSource {
    private final String kind;
    private final Path path;
    private final String fingerprint;
    protected final InputFiles.Opened file;

    FileRowSource(String kind, Path path) throws IOException {
        this.kind = kind;
        this.path = path;
        this.fingerprint = InputFiles.fingerprint(path);
        this.file = InputFiles.open(path);
    }

    @Override
    public double fractionRead() {
        return file.fractionRead();
    }

    @Override
    public String describe() {
        return kind + ":" + path.toAbsolutePath().normalize();
    }

    @Override
    public String identity() {
        return describe() + " " + fingerprint;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
