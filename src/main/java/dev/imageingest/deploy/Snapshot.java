package dev.imageingest.deploy;

import java.util.Objects;
import org.apache.flink.core.fs.Path;

/**
 * A completed checkpoint or savepoint: a directory holding a {@code _metadata} file, the file Flink
 * writes last, so its presence marks a snapshot that can be restored.
 */
public final class Snapshot {
    /** What wrote the snapshot. */
    public enum Kind {
        CHECKPOINT,
        SAVEPOINT
    }

    private final Kind kind;
    private final String jobId;
    private final long checkpointId;
    private final long modifiedMillis;
    private final Path path;

    /**
     * @param jobId the full job id for a checkpoint; the first six characters for a savepoint (all
     *     its directory name keeps)
     * @param checkpointId {@code n} of {@code chk-n}; -1 for a savepoint
     * @param modifiedMillis modification time of {@code _metadata}
     * @param path the snapshot directory, as {@code flink run -s} takes it
     */
    public Snapshot(Kind kind, String jobId, long checkpointId, long modifiedMillis, Path path) {
        this.kind = Objects.requireNonNull(kind);
        this.jobId = Objects.requireNonNull(jobId);
        this.checkpointId = checkpointId;
        this.modifiedMillis = modifiedMillis;
        this.path = Objects.requireNonNull(path);
    }

    public Kind kind() {
        return kind;
    }

    public String jobId() {
        return jobId;
    }

    public long checkpointId() {
        return checkpointId;
    }

    public long modifiedMillis() {
        return modifiedMillis;
    }

    public Path path() {
        return path;
    }

    /** {@code kind<TAB>jobId<TAB>path}: one line for scripts. */
    public String toLine() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "\t" + jobId + "\t" + path;
    }

    @Override
    public String toString() {
        return kind + " " + path + " (job " + jobId + ", modified " + modifiedMillis + ")";
    }
}
