package dev.imageingest.source.sqs.enumerator;

import dev.imageingest.source.sqs.split.SqsQueueSplit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every reader exactly one split of the queue when it registers. Splits handed back by a
 * failed reader are re-assigned to the reader that re-registers for them.
 */
public final class SqsSplitEnumerator
        implements SplitEnumerator<SqsQueueSplit, SqsEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(SqsSplitEnumerator.class);

    private final SplitEnumeratorContext<SqsQueueSplit> context;
    private final String queueUrl;
    private final Set<Integer> assignedReaders;
    private final List<SqsQueueSplit> unassigned;

    public SqsSplitEnumerator(
            SplitEnumeratorContext<SqsQueueSplit> context,
            String queueUrl,
            SqsEnumeratorState restored) {
        this.context = context;
        this.queueUrl = queueUrl;
        this.assignedReaders = new HashSet<>(restored.assignedReaders());
        this.unassigned = new ArrayList<>(restored.unassignedSplits());
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<SqsQueueSplit> splits, int subtaskId) {
        if (splits.isEmpty()) {
            // Flink also calls this (with nothing) when a reader restarts after a regional
            // failover: the reader restores its own split from its state, keep it assigned.
            return;
        }
        LOG.info("Reader {} handed back {}", subtaskId, splits);
        unassigned.addAll(splits);
        assignedReaders.remove(subtaskId);
    }

    @Override
    public void addReader(int subtaskId) {
        if (assignedReaders.contains(subtaskId)) {
            return; // a restored reader brings its split back from its own state
        }
        List<SqsQueueSplit> splits = new ArrayList<>();
        String ownId = SqsQueueSplit.splitIdFor(subtaskId);
        for (Iterator<SqsQueueSplit> it = unassigned.iterator(); it.hasNext(); ) {
            SqsQueueSplit s = it.next();
            if (s.splitId().equals(ownId) || isOrphan(s)) {
                splits.add(s);
                it.remove();
            }
        }
        if (splits.stream().noneMatch(s -> s.splitId().equals(ownId))) {
            splits.add(0, SqsQueueSplit.forReader(subtaskId, queueUrl));
        }
        LOG.info("Assigning {} to reader {}", splits, subtaskId);
        splits.forEach(s -> context.assignSplit(s, subtaskId));
        assignedReaders.add(subtaskId);
    }

    /**
     * A handed-back split whose reader no longer exists after a scale-down: adopted by any reader
     * (splits carry no handles since state version 3; adopting keeps the assignment total).
     */
    private boolean isOrphan(SqsQueueSplit split) {
        String id = split.splitId();
        try {
            int owner = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
            return owner >= context.currentParallelism();
        } catch (NumberFormatException e) {
            return true;
        }
    }

    @Override
    public SqsEnumeratorState snapshotState(long checkpointId) {
        return new SqsEnumeratorState(assignedReaders, unassigned);
    }

    @Override
    public void close() {}
}
