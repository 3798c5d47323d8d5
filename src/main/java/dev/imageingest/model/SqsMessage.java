package dev.imageingest.model;

import java.util.Objects;

/**
 * A message as emitted by the SQS source, with its {@link SqsReceipt}: the sink deletes the message
 * once Firehose has acknowledged the record made from it.
 */
public final class SqsMessage {
    /** SQS message id (stable across redeliveries) */
    private String messageId;

    /** the message body */
    private String body;

    /** ApproximateReceiveCount (1 on first delivery) */
    private int receiveCount;

    /**
     * Where the message came from and how to delete it (delivery metadata, not part of the value:
     * excluded from equals and from the JSON); null when the record did not come from SQS.
     */
    private SqsReceipt receipt;

    /**
     * For Flink's POJO serializer only (it needs a public no-argument constructor and setters to
     * avoid the Kryo fallback, which the job disables); application code uses the full constructor.
     */
    public SqsMessage() {}

    public SqsMessage(String messageId, String body, int receiveCount) {
        this.messageId = messageId;
        this.body = body;
        this.receiveCount = receiveCount;
    }

    public String messageId() {
        return messageId;
    }

    public String body() {
        return body;
    }

    public int receiveCount() {
        return receiveCount;
    }

    public void setMessageId(String messageId) {
        this.messageId = messageId;
    }

    public void setBody(String body) {
        this.body = body;
    }

    public void setReceiveCount(int receiveCount) {
        this.receiveCount = receiveCount;
    }

    public SqsReceipt receipt() {
        return receipt;
    }

    public void setReceipt(SqsReceipt receipt) {
        this.receipt = receipt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SqsMessage)) {
            return false;
        }
        SqsMessage that = (SqsMessage) o;
        return Objects.equals(messageId, that.messageId)
                && Objects.equals(body, that.body)
                && receiveCount == that.receiveCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageId, body, receiveCount);
    }

    @Override
    public String toString() {
        return "SqsMessage[messageId="
                + messageId
                + ", body="
                + body
                + ", receiveCount="
                + receiveCount
                + "]";
    }
}
