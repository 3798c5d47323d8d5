package dev.imageingest.source.sqs.split;

import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One reader's share of a queue. SQS has no partitions, so every split names the same queue and
 * parallel readers simply compete for its messages; there is one split per reader.
 *
 * <p>Immutable. In a checkpoint, {@code pendingReceiptHandles} holds the receipt handles of
 * messages emitted before that checkpoint whose deletion had not yet been confirmed: they belong to
 * checkpoints at or before it, so a reader restored from it deletes them straight away (their
 * results are already part of the restored state) instead of waiting for redelivery.
 */
public final class SqsQueueSplit implements SourceSplit {
    private final String splitId;
    private final String queueUrl;
    private final List<String> pendingReceiptHandles;

    public SqsQueueSplit(String splitId, String queueUrl, List<String> pendingReceiptHandles) {
        this.splitId = splitId;
        this.queueUrl = queueUrl;
        this.pendingReceiptHandles = List.copyOf(pendingReceiptHandles);
    }

    /** A fresh split for reader {@code subtask}. */
    public static SqsQueueSplit forReader(int subtask, String queueUrl) {
        return new SqsQueueSplit(splitIdFor(subtask), queueUrl, List.of());
    }

    public static String splitIdFor(int subtask) {
        return "sqs-" + subtask;
    }

    @Override
    public String splitId() {
        return splitId;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public List<String> pendingReceiptHandles() {
        return pendingReceiptHandles;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SqsQueueSplit)) {
            return false;
        }
        SqsQueueSplit s = (SqsQueueSplit) o;
        return s.splitId.equals(splitId)
                && s.queueUrl.equals(queueUrl)
                && s.pendingReceiptHandles.equals(pendingReceiptHandles);
    }

    @Override
    public int hashCode() {
        return splitId.hashCode() * 31 + queueUrl.hashCode();
    }

    @Override
    public String toString() {
        return "SqsQueueSplit{"
                + splitId
                + ", "
                + queueUrl
                + ", pending="
                + pendingReceiptHandles.size()
                + "}";
    }
}
