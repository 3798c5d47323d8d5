package dev.imageingest.pipeline;

import dev.imageingest.message.ImageMessageParser;
import dev.imageingest.message.ParseMessages;
import dev.imageingest.message.ParsedMessage;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.PathRecord;
import dev.imageingest.model.RecordIds;
import dev.imageingest.model.SqsMessage;
import dev.imageingest.model.SqsReceipt;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * {@link ParseMessages} that hands each message's receipt on to what it produces: the request to
 * fetch, or the {@code INVALID_MESSAGE} record, so the sink can delete the message once that
 * outcome is acknowledged by Firehose. Kept apart from the parser, which knows nothing of SQS.
 *
 * <p>A message received more often than {@code retry.max-receives} is a poison message: earlier
 * deliveries never finished (it likely crashed the job). It is not processed: it becomes a {@code
 * POISON_MESSAGE} record on {@link #INVALID}, which {@code RouteOutcomes} sends to the dead-letter
 * queue.
 */
public class ParseWithReceipts extends ParseMessages {
    private static final long serialVersionUID = 1L;

    /** receive counts above this are poison; 0 = no check */
    private final int maxReceives;

    /** Without the poison check (tests of the parse alone). */
    public ParseWithReceipts() {
        this(0);
    }

    /**
     * @param maxReceives {@code retry.max-receives}; 0 turns the poison check off
     */
    public ParseWithReceipts(int maxReceives) {
        this.maxReceives = maxReceives;
    }

    @Override
    public void processElement(SqsMessage message, Context ctx, Collector<ImageRequest> out) {
        SqsReceipt receipt = message.receipt();
        if (maxReceives > 0 && receipt != null && receipt.receiveCount() > maxReceives) {
            PathRecord poison =
                    PathRecord.invalidMessage(
                            recordIdOf(message.body()),
                            "received "
                                    + receipt.receiveCount()
                                    + " times, more than retry.max-receives ("
                                    + maxReceives
                                    + "): earlier deliveries never finished; not processed (sqs"
                                    + " message "
                                    + message.messageId()
                                    + ")",
                            System.currentTimeMillis());
            poison.setStatus(FetchStatus.POISON_MESSAGE);
            poison.setReceipt(receipt);
            ctx.output(INVALID, poison);
            return;
        }
        super.processElement(
                message,
                new Context() {
                    @Override
                    public Long timestamp() {
                        return ctx.timestamp();
                    }

                    @Override
                    public TimerService timerService() {
                        return ctx.timerService();
                    }

                    @Override
                    public <X> void output(OutputTag<X> tag, X value) {
                        if (value instanceof PathRecord) {
                            ((PathRecord) value).setReceipt(message.receipt());
                        }
                        ctx.output(tag, value);
                    }
                },
                new Collector<ImageRequest>() {
                    @Override
                    public void collect(ImageRequest request) {
                        request.setReceipt(message.receipt());
                        out.collect(request);
                    }

                    @Override
                    public void close() {
                        out.close();
                    }
                });
    }

    /**
     * The record id the message would get if processed, so duplicates still collapse on it; the
     * body is only parsed (bounded, strict), never fetched. Falls back to the raw body's hash.
     */
    static String recordIdOf(String body) {
        try {
            ParsedMessage parsed = ImageMessageParser.parse(body);
            return parsed instanceof ParsedMessage.Valid
                    ? ((ParsedMessage.Valid) parsed).request().recordId()
                    : ((ParsedMessage.Invalid) parsed).recordId();
        } catch (RuntimeException | StackOverflowError e) {
            return RecordIds.forRawMessage(body == null ? "" : body);
        }
    }
}
