package dev.imageingest.source.sqs.reader;

import dev.imageingest.source.sqs.split.SqsQueueSplit;

/** Per-split state on the task thread: just the split (the source holds no delete duty). */
final class SqsSplitState {
    private final SqsQueueSplit split;

    SqsSplitState(SqsQueueSplit split) {
        this.split = split;
    }

    String splitId() {
        return split.splitId();
    }

    String queueUrl() {
        return split.queueUrl();
    }

    SqsQueueSplit toSplit() {
        return split;
    }
}
