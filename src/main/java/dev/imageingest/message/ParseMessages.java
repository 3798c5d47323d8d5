package dev.imageingest.message;

import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.PathRecord;
import dev.imageingest.model.SqsMessage;
import dev.imageingest.model.TextFields;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns queue messages into fetch requests; invalid bodies go to {@link #INVALID} as {@code
 * INVALID_MESSAGE} path records so they are delivered, counted and never lost.
 */
public class ParseMessages extends ProcessFunction<SqsMessage, ImageRequest> {
    public static final OutputTag<PathRecord> INVALID = new OutputTag<>("invalid-messages") {};

    /** Longest prefix of an invalid body copied into the url column, for diagnosis. */
    static final int MAX_BODY_ECHO = 512;

    /** Longest reason (a JSON parser message may quote a long token). */
    static final int MAX_REASON = 512;

    @Override
    public void processElement(SqsMessage message, Context ctx, Collector<ImageRequest> out) {
        ParsedMessage parsed = ImageMessageParser.parse(message.body());
        if (parsed instanceof ParsedMessage.Valid) {
            out.collect(((ParsedMessage.Valid) parsed).request());
        } else {
            ParsedMessage.Invalid invalid = (ParsedMessage.Invalid) parsed;
            ctx.output(
                    INVALID,
                    PathRecord.invalidMessage(
                            invalid.recordId(),
                            describe(invalid, message),
                            System.currentTimeMillis()));
        }
    }

    private static String describe(ParsedMessage.Invalid invalid, SqsMessage message) {
        String body = invalid.body() == null ? "" : invalid.body();
        return TextFields.cap(
                TextFields.cap(invalid.reason(), MAX_REASON)
                        + " (sqs message "
                        + message.messageId()
                        + "): "
                        + TextFields.cap(body, MAX_BODY_ECHO),
                TextFields.MAX_ERROR_CHARS);
    }
}
