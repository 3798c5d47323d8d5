package dev.imageingest.source.sqs.config;

import dev.imageingest.aws.AwsSettings;
import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the SQS source.
 *
 * @param endpoint endpoint override, empty for the region's endpoint
 * @param maxMessagesPerReceive 1..10
 * @param waitTime long-poll wait, 0..20 s
 * @param receivesInFlight concurrent ReceiveMessage calls per reader
 * @param visibilityTimeout requested visibility timeout, zero keeps the queue's own
 */
public record SqsSourceSettings(
        String queueUrl,
        String endpoint,
        AwsSettings aws,
        int maxMessagesPerReceive,
        Duration waitTime,
        int receivesInFlight,
        Duration visibilityTimeout)
        implements Serializable {}
