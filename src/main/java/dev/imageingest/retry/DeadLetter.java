package dev.imageingest.retry;

import dev.imageingest.model.PathRecord;
import dev.imageingest.model.SqsReceipt;

/**
 * A message bound for the dead-letter queue: its original body, why it ended there, and the receipt
 * of the original, which is deleted once the dead-letter queue has acknowledged the send.
 */
public final class DeadLetter {
    private String body;
    private String status;
    private String error;
    private int receiveCount;
    private String recordId;
    private String sourceQueue;
    private SqsReceipt receipt;

    /** For Flink's POJO serializer only. */
    public DeadLetter() {}

    /** The dead letter of a final record whose receipt carries the original body. */
    public static DeadLetter of(PathRecord record) {
        SqsReceipt r = record.receipt();
        DeadLetter d = new DeadLetter();
        d.body = r.body() == null ? "" : r.body();
        d.status = record.status().name();
        d.error = record.error();
        d.receiveCount = r.receiveCount();
        d.recordId = record.recordId();
        d.sourceQueue = r.queueUrl();
        d.receipt = r;
        return d;
    }

    public String body() {
        return body;
    }

    public String status() {
        return status;
    }

    public String error() {
        return error;
    }

    public int receiveCount() {
        return receiveCount;
    }

    public String recordId() {
        return recordId;
    }

    public String sourceQueue() {
        return sourceQueue;
    }

    public SqsReceipt receipt() {
        return receipt;
    }

    public void setBody(String body) {
        this.body = body;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public void setError(String error) {
        this.error = error;
    }

    public void setReceiveCount(int receiveCount) {
        this.receiveCount = receiveCount;
    }

    public void setRecordId(String recordId) {
        this.recordId = recordId;
    }

    public void setSourceQueue(String sourceQueue) {
        this.sourceQueue = sourceQueue;
    }

    public void setReceipt(SqsReceipt receipt) {
        this.receipt = receipt;
    }

    @Override
    public String toString() {
        return "DeadLetter[recordId="
                + recordId
                + ", status="
                + status
                + ", receiveCount="
                + receiveCount
                + "]";
    }
}
