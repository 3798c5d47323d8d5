package dev.imageingest.source.sqs.reader;

/** A received message as handed from the fetcher thread to the task thread. */
record ReceivedMessage(String messageId, String body, String receiptHandle, int receiveCount) {}
