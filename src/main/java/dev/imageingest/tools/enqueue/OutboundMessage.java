package dev.imageingest.tools.enqueue;

/**
 * A validated row ready to send.
 *
 * @param rowNumber the source row it came from
 * @param body the SQS message body in the job's input format
 * @param recordId the id the job will give this image (deduplication id on FIFO queues)
 * @param bukkenId normalised bukken_id (message group on FIFO queues)
 */
public record OutboundMessage(long rowNumber, String body, String recordId, String bukkenId) {}
