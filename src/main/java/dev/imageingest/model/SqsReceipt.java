package dev.imageingest.model;

import java.util.Objects;

/**
 * Where a record came from in SQS and how to acknowledge it: the queue URL and receipt handle of
 * the message, carried with the record from the source through parse and fetch to the sink, which
 * deletes the message only after Firehose has acknowledged the record. Never written into the path
 * record's JSON.
 */
public final class SqsReceipt {
    private String queueUrl;
    private String receiptHandle;

    /** ApproximateReceiveCount of this delivery (1 on the first) */
    private int receiveCount;

    /** when this reader received the message, epoch milliseconds */
    private long receivedAt;

    /**
     * The message body exactly as received, so a message that ends in the dead-letter queue is sent
     * there unchanged; null when unknown.
     */
    private String body;

    /** For Flink's POJO serializer only; application code uses the full constructor. */
    public SqsReceipt() {}

    public SqsReceipt(String queueUrl, String receiptHandle, int receiveCount, long receivedAt) {
        this.queueUrl = queueUrl;
        this.receiptHandle = receiptHandle;
        this.receiveCount = receiveCount;
        this.receivedAt = receivedAt;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String receiptHandle() {
        return receiptHandle;
    }

    public int receiveCount() {
        return receiveCount;
    }

    public long receivedAt() {
        return receivedAt;
    }

    public String body() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }

    /** This receipt carrying the message body (for the dead-letter queue). */
    public SqsReceipt withBody(String messageBody) {
        this.body = messageBody;
        return this;
    }

    public void setQueueUrl(String queueUrl) {
        this.queueUrl = queueUrl;
    }

    public void setReceiptHandle(String receiptHandle) {
        this.receiptHandle = receiptHandle;
    }

    public void setReceiveCount(int receiveCount) {
        this.receiveCount = receiveCount;
    }

    public void setReceivedAt(long receivedAt) {
        this.receivedAt = receivedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SqsReceipt)) {
            return false;
        }
        SqsReceipt that = (SqsReceipt) o;
        return Objects.equals(queueUrl, that.queueUrl)
                && Objects.equals(receiptHandle, that.receiptHandle)
                && receiveCount == that.receiveCount
                && receivedAt == that.receivedAt
                && Objects.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(queueUrl, receiptHandle, receiveCount, receivedAt, body);
    }

    @Override
    public String toString() {
        return "SqsReceipt[queueUrl=" + queueUrl + ", receiveCount=" + receiveCount + "]";
    }
}
