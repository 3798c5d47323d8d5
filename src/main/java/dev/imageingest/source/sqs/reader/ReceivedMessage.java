package dev.imageingest.source.sqs.reader;

import java.util.Objects;

/** A received message as handed from the fetcher thread to the task thread. */
final class ReceivedMessage {
    private final String messageId;
    private final String body;
    private final String receiptHandle;
    private final int receiveCount;

    /** when the receive call returned, epoch milliseconds (the visibility timeout starts then) */
    private final long receivedAt;

    public ReceivedMessage(
            String messageId,
            String body,
            String receiptHandle,
            int receiveCount,
            long receivedAt) {
        this.messageId = messageId;
        this.body = body;
        this.receiptHandle = receiptHandle;
        this.receiveCount = receiveCount;
        this.receivedAt = receivedAt;
    }

    public long receivedAt() {
        return receivedAt;
    }

    public String messageId() {
        return messageId;
    }

    public String body() {
        return body;
    }

    public String receiptHandle() {
        return receiptHandle;
    }

    public int receiveCount() {
        return receiveCount;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ReceivedMessage)) {
            return false;
        }
        ReceivedMessage that = (ReceivedMessage) o;
        return Objects.equals(messageId, that.messageId)
                && Objects.equals(body, that.body)
                && Objects.equals(receiptHandle, that.receiptHandle)
                && receiveCount == that.receiveCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageId, body, receiptHandle, receiveCount);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[messageId="
                + messageId
                + ", body="
                + body
                + ", receiptHandle="
                + receiptHandle
                + ", receiveCount="
                + receiveCount
                + "]";
    }
}
