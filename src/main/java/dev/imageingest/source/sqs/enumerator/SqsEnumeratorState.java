package dev.imageingest.source.sqs.enumerator;

import dev.imageingest.source.sqs.split.SqsQueueSplit;
import java.util.List;
import java.util.Set;

/**
 * Checkpointed state of the enumerator.
 *
 * @param assignedReaders subtasks that own a split (restored readers bring theirs back from their
 *     own state)
 * @param unassignedSplits splits handed back by failed readers, waiting for re-assignment
 */
public record SqsEnumeratorState(
        Set<Integer> assignedReaders, List<SqsQueueSplit> unassignedSplits) {
    public SqsEnumeratorState {
        assignedReaders = Set.copyOf(assignedReaders);
        unassignedSplits = List.copyOf(unassignedSplits);
    }

    public static SqsEnumeratorState empty() {
        return new SqsEnumeratorState(Set.of(), List.of());
    }
}
