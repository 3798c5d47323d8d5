package dev.imageingest.pipeline;

import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.PathRecord;
import dev.imageingest.model.SqsReceipt;
import dev.imageingest.retry.DeadLetter;
import dev.imageingest.retry.HandBack;
import dev.imageingest.retry.OutcomeClass;
import dev.imageingest.retry.RetryBackoff;
import dev.imageingest.retry.RetrySettings;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decides where each outcome goes ({@link #route}), once per delivery of a message:
 *
 * <ul>
 *   <li>final ({@link OutcomeClass#FINAL}): the path record, main output; its message is deleted
 *       once Firehose acknowledged it.
 *   <li>transient, receives left ({@code receiveCount < retry.max-receives}): no record; a {@link
 *       HandBack} to {@link #HAND_BACK} with the backoff of this receive, so SQS returns the
 *       message later.
 *   <li>transient at the last receive, or a {@link FetchStatus#POISON_MESSAGE}: the failure record
 *       without its receipt (main output) and a {@link DeadLetter} to {@link #DEAD_LETTER}, which
 *       deletes the message once the dead-letter queue acknowledged it. Without a dead-letter queue
 *       the record keeps its receipt and the message is deleted after Firehose's acknowledgement.
 * </ul>
 *
 * A record without a receipt (not from SQS) always goes to the main output. Metrics (group {@code
 * retry}): {@code handBacks}, {@code deadLetters}.
 */
public class RouteOutcomes extends ProcessFunction<PathRecord, PathRecord> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<HandBack> HAND_BACK = new OutputTag<HandBack>("hand-back") {};
    public static final OutputTag<DeadLetter> DEAD_LETTER =
            new OutputTag<DeadLetter>("dead-letter") {};

    /** Where one outcome goes. */
    public enum Route {
        /** the record, which settles its message (or has none) */
        RECORD,
        /** back to SQS for a later try, no record */
        HAND_BACK,
        /** the record without delete duty, and a dead letter that settles the message */
        RECORD_AND_DEAD_LETTER
    }

    private final RetrySettings retry;
    private final boolean deadLetterQueue;
    private transient Counter handBacks;
    private transient Counter deadLetters;

    /**
     * @param retry receives allowed and backoff
     * @param deadLetterQueue whether a dead-letter queue is configured
     */
    public RouteOutcomes(RetrySettings retry, boolean deadLetterQueue) {
        this.retry = retry;
        this.deadLetterQueue = deadLetterQueue;
    }

    /** The route of a record (pure: the unit tests' subject). */
    public static Route route(PathRecord record, int maxReceives, boolean deadLetterQueue) {
        SqsReceipt receipt = record.receipt();
        if (receipt == null) {
            return Route.RECORD;
        }
        boolean lastWord;
        if (record.status() == FetchStatus.POISON_MESSAGE) {
            lastWord = true;
        } else if (OutcomeClass.of(record.status()).transientOutcome()) {
            if (receipt.receiveCount() < maxReceives) {
                return Route.HAND_BACK;
            }
            lastWord = true;
        } else {
            lastWord = false;
        }
        return lastWord && deadLetterQueue ? Route.RECORD_AND_DEAD_LETTER : Route.RECORD;
    }

    @Override
    public void open(OpenContext openContext) {
        org.apache.flink.metrics.MetricGroup g =
                getRuntimeContext().getMetricGroup().addGroup("retry");
        handBacks = g.counter("handBacks");
        deadLetters = g.counter("deadLetters");
    }

    @Override
    public void processElement(PathRecord record, Context ctx, Collector<PathRecord> out) {
        switch (route(record, retry.maxReceives(), deadLetterQueue)) {
            case HAND_BACK:
                SqsReceipt r = record.receipt();
                ctx.output(
                        HAND_BACK,
                        new HandBack(
                                r,
                                RetryBackoff.visibilitySeconds(
                                        retry,
                                        r.receiveCount(),
                                        () -> ThreadLocalRandom.current().nextDouble()),
                                record.status()));
                handBacks.inc();
                return;
            case RECORD_AND_DEAD_LETTER:
                ctx.output(DEAD_LETTER, DeadLetter.of(record));
                deadLetters.inc();
                record.setReceipt(null); // the dead letter's acknowledgement deletes the message
                out.collect(record);
                return;
            default:
                out.collect(record);
        }
    }
}
