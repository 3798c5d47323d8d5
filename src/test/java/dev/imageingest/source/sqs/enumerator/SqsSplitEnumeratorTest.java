package dev.imageingest.source.sqs.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.source.sqs.split.SqsQueueSplit;
import java.util.List;
import java.util.Set;
import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

class SqsSplitEnumeratorTest {
    private static final String QUEUE = "http://q/000/images";

    @Test
    void eachReaderGetsExactlyOneSplitOfTheQueue() {
        TestingSplitEnumeratorContext<SqsQueueSplit> ctx = new TestingSplitEnumeratorContext<>(3);
        SqsSplitEnumerator e = new SqsSplitEnumerator(ctx, QUEUE, SqsEnumeratorState.empty());
        for (int i = 0; i < 3; i++) {
            ctx.registerReader(i, "localhost");
            e.addReader(i);
            e.addReader(i); // a duplicate registration assigns nothing more
        }
        for (int i = 0; i < 3; i++) {
            assertThat(ctx.getSplitAssignments().get(i).getAssignedSplits())
                    .containsExactly(SqsQueueSplit.forReader(i, QUEUE));
        }
        assertThat(e.snapshotState(1).assignedReaders()).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void restoredReadersKeepTheirOwnSplits() {
        TestingSplitEnumeratorContext<SqsQueueSplit> ctx = new TestingSplitEnumeratorContext<>(2);
        SqsSplitEnumerator e =
                new SqsSplitEnumerator(ctx, QUEUE, new SqsEnumeratorState(Set.of(0, 1), List.of()));
        ctx.registerReader(0, "localhost");
        e.addReader(0);
        assertThat(ctx.getSplitAssignments()).isEmpty();
    }

    @Test
    void handedBackSplitsReturnToTheirReader() {
        TestingSplitEnumeratorContext<SqsQueueSplit> ctx = new TestingSplitEnumeratorContext<>(2);
        SqsSplitEnumerator e = new SqsSplitEnumerator(ctx, QUEUE, SqsEnumeratorState.empty());
        ctx.registerReader(1, "localhost");
        e.addReader(1);
        SqsQueueSplit withHandles = new SqsQueueSplit("sqs-1", QUEUE);
        e.addSplitsBack(List.of(withHandles), 1);
        assertThat(e.snapshotState(2).unassignedSplits()).containsExactly(withHandles);

        e.addReader(1);
        assertThat(ctx.getSplitAssignments().get(1).getAssignedSplits())
                .containsExactly(SqsQueueSplit.forReader(1, QUEUE), withHandles);
        assertThat(e.snapshotState(3).unassignedSplits()).isEmpty();
    }

    @Test
    void splitsOfReadersGoneAfterScaleDownAreAdopted() {
        TestingSplitEnumeratorContext<SqsQueueSplit> ctx = new TestingSplitEnumeratorContext<>(2);
        SqsQueueSplit orphan = new SqsQueueSplit("sqs-5", QUEUE);
        SqsSplitEnumerator e =
                new SqsSplitEnumerator(
                        ctx, QUEUE, new SqsEnumeratorState(Set.of(1), List.of(orphan)));
        ctx.registerReader(0, "localhost");
        e.addReader(0);
        assertThat(ctx.getSplitAssignments().get(0).getAssignedSplits())
                .containsExactly(SqsQueueSplit.forReader(0, QUEUE), orphan);
    }

    @Test
    void anEmptyHandBackAfterRegionalFailoverAssignsNoSecondSplit() {
        TestingSplitEnumeratorContext<SqsQueueSplit> ctx = new TestingSplitEnumeratorContext<>(1);
        SqsSplitEnumerator e = new SqsSplitEnumerator(ctx, QUEUE, SqsEnumeratorState.empty());
        ctx.registerReader(0, "localhost");
        e.addReader(0);
        e.addSplitsBack(List.of(), 0); // the split was checkpointed: the reader restores it
        e.addReader(0);
        assertThat(ctx.getSplitAssignments().get(0).getAssignedSplits()).hasSize(1);
    }
}
