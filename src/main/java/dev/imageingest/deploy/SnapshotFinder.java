package dev.imageingest.deploy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Finds completed checkpoints and savepoints on any Flink file system (local, S3 with its plugin),
 * so that a job can be resumed after a crash without picking {@code chk-N/_metadata} by hand.
 *
 * <p>Layouts (Flink's defaults): retained checkpoints at {@code <checkpoint dir>/<job
 * id>/chk-<n>/_metadata}, savepoints at {@code <savepoint dir>/savepoint-<job
 * id[0:6]>-<random>/_metadata}. Directories without {@code _metadata} (a checkpoint in progress or
 * half deleted) are skipped.
 *
 * <p>"Latest" is the newest {@code _metadata} by modification time, then the higher checkpoint
 * number: checkpoint numbers continue across a resume (a job restored from {@code chk-41} next
 * writes {@code chk-42}) but restart at 1 for a job started fresh, so across job ids only the time
 * is comparable.
 */
public final class SnapshotFinder {
    static final String METADATA = "_metadata";
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
    private static final Pattern SAVEPOINT = Pattern.compile("savepoint-([0-9a-f]{6})-[0-9a-f]+");

    /** Oldest first. */
    public static final Comparator<Snapshot> OLDEST_FIRST =
            Comparator.comparingLong(Snapshot::modifiedMillis)
                    .thenComparingLong(Snapshot::checkpointId);

    private SnapshotFinder() {}

    /**
     * Completed checkpoints under {@code dir}, of every job or of {@code jobId} (null for all),
     * oldest first; empty if {@code dir} does not exist.
     */
    public static List<Snapshot> checkpoints(Path dir, String jobId) throws IOException {
        List<Snapshot> found = new ArrayList<>();
        for (FileStatus job : list(dir)) {
            String name = job.getPath().getName();
            if (!job.isDir() || !JOB_ID.matcher(name).matches()) {
                continue;
            }
            if (jobId != null && !name.equals(jobId)) {
                continue;
            }
            for (FileStatus chk : list(job.getPath())) {
                Matcher m = CHECKPOINT.matcher(chk.getPath().getName());
                if (chk.isDir() && m.matches()) {
                    metadataTime(chk.getPath())
                            .ifPresent(
                                    t ->
                                            found.add(
                                                    new Snapshot(
                                                            Snapshot.Kind.CHECKPOINT,
                                                            name,
                                                            Long.parseLong(m.group(1)),
                                                            t,
                                                            chk.getPath())));
                }
            }
        }
        found.sort(OLDEST_FIRST);
        return found;
    }

    /**
     * Completed savepoints under {@code dir}, of every job or of {@code jobId} (matched on the six
     * characters the directory name keeps; null for all), oldest first.
     */
    public static List<Snapshot> savepoints(Path dir, String jobId) throws IOException {
        List<Snapshot> found = new ArrayList<>();
        for (FileStatus sp : list(dir)) {
            Matcher m = SAVEPOINT.matcher(sp.getPath().getName());
            if (!sp.isDir() || !m.matches()) {
                continue;
            }
            if (jobId != null && !jobId.startsWith(m.group(1))) {
                continue;
            }
            metadataTime(sp.getPath())
                    .ifPresent(
                            t ->
                                    found.add(
                                            new Snapshot(
                                                    Snapshot.Kind.SAVEPOINT,
                                                    m.group(1),
                                                    -1,
                                                    t,
                                                    sp.getPath())));
        }
        found.sort(OLDEST_FIRST);
        return found;
    }

    /**
     * Every completed checkpoint and savepoint in the given directories (either may be null),
     * oldest first.
     */
    public static List<Snapshot> all(Path checkpointDir, Path savepointDir, String jobId)
            throws IOException {
        List<Snapshot> found = new ArrayList<>();
        if (checkpointDir != null) {
            found.addAll(checkpoints(checkpointDir, jobId));
        }
        if (savepointDir != null) {
            found.addAll(savepoints(savepointDir, jobId));
        }
        found.sort(OLDEST_FIRST);
        return found;
    }

    /** The latest completed checkpoint or savepoint, if any. */
    public static Optional<Snapshot> latest(Path checkpointDir, Path savepointDir, String jobId)
            throws IOException {
        List<Snapshot> found = all(checkpointDir, savepointDir, jobId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    private static List<FileStatus> list(Path dir) throws IOException {
        FileSystem fs = dir.getFileSystem();
        FileStatus[] entries;
        try {
            if (!fs.exists(dir)) {
                return List.of();
            }
            entries = fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return List.of(); // deleted while we looked
        }
        return entries == null ? List.of() : List.of(entries);
    }

    private static Optional<Long> metadataTime(Path snapshotDir) throws IOException {
        Path metadata = new Path(snapshotDir, METADATA);
        try {
            FileSystem fs = metadata.getFileSystem();
            if (!fs.exists(metadata)) {
                return Optional.empty();
            }
            return Optional.of(fs.getFileStatus(metadata).getModificationTime());
        } catch (FileNotFoundException e) {
            return Optional.empty(); // a subsumed checkpoint being deleted
        }
    }
}
