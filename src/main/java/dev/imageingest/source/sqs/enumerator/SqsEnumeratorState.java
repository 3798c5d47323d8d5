package dev.imageingest.source.sqs.enumerator;

import dev.imageingest.source.sqs.split.SqsQueueSplit;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Checkpointed state of the enumerator. */
public final class SqsEnumeratorState {
    /** subtasks that own a split (restored readers bring theirs back from their own state) */
    private final Set<Integer> assignedReaders;

    /** splits handed back by failed readers, waiting for re-assignment */
    private final List<SqsQueueSplit> unassignedSplits;

    public SqsEnumeratorState(Set<Integer> assignedReaders, List<SqsQueueSplit> unassignedSplits) {
        assignedReaders = Set.copyOf(assignedReaders);
        unassignedSplits = List.copyOf(unassignedSplits);
        this.assignedReaders = assignedReaders;
        this.unassignedSplits = unassignedSplits;
    }

    public Set<Integer> assignedReaders() {
        return assignedReaders;
    }

    public List<SqsQueueSplit> unassignedSplits() {
        return unassignedSplits;
    }

    public static SqsEnumeratorState empty() {
        return new SqsEnumeratorState(Set.of(), List.of());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SqsEnumeratorState)) {
            return false;
        }
        SqsEnumeratorState that = (SqsEnumeratorState) o;
        return Objects.equals(assignedReaders, that.assignedReaders)
                && Objects.equals(unassignedSplits, that.unassignedSplits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(assignedReaders, unassignedSplits);
    }

    @Override
    public String toString() {
        return "SqsEnumeratorState[assignedReaders="
                + assignedReaders
                + ", unassignedSplits="
                + unassignedSplits
                + "]";
    }
}
