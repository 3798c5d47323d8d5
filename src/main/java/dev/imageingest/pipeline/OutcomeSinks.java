package dev.imageingest.pipeline;

import dev.imageingest.retry.DeadLetter;
import dev.imageingest.retry.HandBack;
import dev.imageingest.retry.RetrySettings;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the outcomes that are not path records go: messages handed back to SQS for a later try, and
 * dead letters. Used only while the graph is built.
 */
public final class OutcomeSinks {
    private final RetrySettings retry;
    private final Sink<HandBack> handBacks;
    private final Sink<DeadLetter> deadLetters;

    /**
     * @param retry receives allowed and backoff
     * @param handBacks sets the visibility of handed-back messages
     * @param deadLetters the dead-letter queue sink, or null when none is configured
     */
    public OutcomeSinks(
            RetrySettings retry, Sink<HandBack> handBacks, Sink<DeadLetter> deadLetters) {
        this.retry = retry;
        this.handBacks = handBacks;
        this.deadLetters = deadLetters;
    }

    public RetrySettings retry() {
        return retry;
    }

    public Sink<HandBack> handBacks() {
        return handBacks;
    }

    /** Null when no dead-letter queue is configured. */
    public Sink<DeadLetter> deadLetters() {
        return deadLetters;
    }
}
