package dev.imageingest.source.sqs.reader;

import dev.imageingest.source.sqs.split.SqsQueueSplit;

/** Mutable per-split state on the task thread: the split plus its receipt-handle tracker. */
final class SqsSplitState {
    private final SqsQueueSplit split;
    private final ReceiptHandleTracker tracker = new ReceiptHandleTracker();

    SqsSplitState(SqsQueueSplit split) {
        this.split = split;
    }

    String splitId() {
        return split.splitId();
    }

    String queueUrl() {
        return split.queueUrl();
    }

    ReceiptHandleTracker tracker() {
        return tracker;
    }

    /** The immutable split for a checkpoint, carrying the handles sealed so far. */
    SqsQueueSplit toSplit() {
        return new SqsQueueSplit(split.splitId(), split.queueUrl(), tracker.sealedHandles());
    }
}
