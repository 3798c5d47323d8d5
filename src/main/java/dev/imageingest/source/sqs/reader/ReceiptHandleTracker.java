package dev.imageingest.source.sqs.reader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tracks receipt handles from emission to deletion, following the checkpoint subsuming contract:
 *
 * <ol>
 *   <li>{@link #stage} when the record is emitted;
 *   <li>{@link #seal} at snapshot: everything staged so far belongs to that checkpoint;
 *   <li>{@link #takeUpTo} when checkpoint N completes: the handles of every checkpoint {@code <= N}
 *       are released for deletion (a completed checkpoint subsumes earlier ones whose notification
 *       never arrived).
 * </ol>
 *
 * <p>Not thread-safe: all calls come from the task thread ({@link #pendingCount()} may be read from
 * any thread).
 */
final class ReceiptHandleTracker {
    private List<String> staged = new ArrayList<>();
    private final TreeMap<Long, List<String>> sealed = new TreeMap<>();
    private volatile long pendingCount; // also read by the metrics reporter thread

    void stage(String receiptHandle) {
        staged.add(receiptHandle);
        pendingCount++;
    }

    void seal(long checkpointId) {
        if (staged.isEmpty()) {
            return;
        }
        sealed.merge(
                checkpointId,
                staged,
                (a, b) -> {
                    a.addAll(b);
                    return a;
                });
        staged = new ArrayList<>();
    }

    /** Removes and returns the handles of all checkpoints {@code <= checkpointId}. */
    List<String> takeUpTo(long checkpointId) {
        Map<Long, List<String>> done = sealed.headMap(checkpointId, true);
        if (done.isEmpty()) {
            return Collections.emptyList();
        }
        List<String> handles = new ArrayList<>();
        done.values().forEach(handles::addAll);
        done.clear();
        pendingCount -= handles.size();
        return handles;
    }

    /** Handles sealed into a checkpoint but not yet released (written into the split state). */
    List<String> sealedHandles() {
        List<String> handles = new ArrayList<>();
        sealed.values().forEach(handles::addAll);
        return handles;
    }

    /** Handles staged or sealed and not yet released for deletion. */
    long pendingCount() {
        return pendingCount;
    }
}
