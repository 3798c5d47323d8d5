package dev.imageingest.source.sqs.split;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One reader's share of a queue. SQS has no partitions, so every split names the same queue and
 * parallel readers simply compete for its messages; there is one split per reader.
 *
 * <p>Immutable and free of delete duties: messages are deleted by the sink once Firehose has
 * acknowledged their records, so a checkpoint of the source holds no receipt handles.
 */
public final class SqsQueueSplit implements SourceSplit {
    private final String splitId;
    private final String queueUrl;

    public SqsQueueSplit(String splitId, String queueUrl) {
        this.splitId = splitId;
        this.queueUrl = queueUrl;
    }

    /** A fresh split for reader {@code subtask}. */
    public static SqsQueueSplit forReader(int subtask, String queueUrl) {
        return new SqsQueueSplit(splitIdFor(subtask), queueUrl);
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

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SqsQueueSplit)) {
            return false;
        }
        SqsQueueSplit s = (SqsQueueSplit) o;
        return s.splitId.equals(splitId) && s.queueUrl.equals(queueUrl);
    }

    @Override
    public int hashCode() {
        return splitId.hashCode() * 31 + queueUrl.hashCode();
    }

    @Override
    public String toString() {
        return "SqsQueueSplit{" + splitId + ", " + queueUrl + "}";
    }
}
