package dev.imageingest.sink;

import dev.imageingest.aws.AwsSettings;
import java.io.Serializable;
import java.time.Duration;

/** Delivery stream and batching of the Firehose sink. */
public record FirehoseSettings(
        String deliveryStream,
        String endpoint,
        AwsSettings aws,
        int maxBatchSize,
        int maxInFlightRequests,
        int maxBufferedRequests,
        Duration maxTimeInBuffer)
        implements Serializable {}
