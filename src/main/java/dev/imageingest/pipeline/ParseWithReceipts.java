package dev.imageingest.pipeline;

import dev.imageingest.message.ParseMessages;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.PathRecord;
import dev.imageingest.source.sqs.SqsMessage;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * {@link ParseMessages} that hands each message's receipt on to what it produces: the request to
 * fetch, or the {@code INVALID_MESSAGE} record, so the sink can delete the message once that
 * outcome is acknowledged by Firehose. Kept apart from the parser, which knows nothing of SQS.
 */
public class ParseWithReceipts extends ParseMessages {
    @Override
    public void processElement(SqsMessage message, Context ctx, Collector<ImageRequest> out) {
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
}
