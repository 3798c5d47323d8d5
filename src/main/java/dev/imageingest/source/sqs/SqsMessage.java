package dev.imageingest.source.sqs;

/**
 * A message as emitted by the SQS source. The receipt handle stays inside the source reader, which
 * deletes the message once the checkpoint covering it completes.
 *
 * @param messageId SQS message id (stable across redeliveries)
 * @param body the message body
 * @param receiveCount ApproximateReceiveCount (1 on first delivery)
 */
public record SqsMessage(String messageId, String body, int receiveCount) {}
