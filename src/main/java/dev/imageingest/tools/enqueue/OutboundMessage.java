package dev.imageingest.tools.enqueue;

import java.util.Objects;

/** A validated row ready to send. */
public final class OutboundMessage {
    /** the source row it came from */
    private final long rowNumber;

    /** the SQS message body in the job's input format */
    private final String body;

    /** the id the job will give this image (deduplication id on FIFO queues) */
    private final String recordId;

    /** normalised bukken_id (message group on FIFO queues) */
    private final String bukkenId;

    public OutboundMessage(long rowNumber, String body, String recordId, String bukkenId) {
        this.rowNumber = rowNumber;
        this.body = body;
        this.recordId = recordId;
        this.bukkenId = bukkenId;
    }

    public long rowNumber() {
        return rowNumber;
    }

    public String body() {
        return body;
    }

    public String recordId() {
        return recordId;
    }

    public String bukkenId() {
        return bukkenId;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OutboundMessage)) {
            return false;
        }
        OutboundMessage that = (OutboundMessage) o;
        return rowNumber == that.rowNumber
                && Objects.equals(body, that.body)
                && Objects.equals(recordId, that.recordId)
                && Objects.equals(bukkenId, that.bukkenId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rowNumber, body, recordId, bukkenId);
    }

    @Override
    public String toString() {
        return "OutboundMessage[rowNumber="
                + rowNumber
                + ", body="
                + body
                + ", recordId="
                + recordId
                + ", bukkenId="
                + bukkenId
                + "]";
    }
}
