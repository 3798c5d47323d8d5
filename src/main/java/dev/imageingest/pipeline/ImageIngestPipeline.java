package dev.imageingest.pipeline;

import dev.imageingest.fetch.FetchImageFunction;
import dev.imageingest.fetch.config.FetchSettings;
import dev.imageingest.fetch.store.S3Settings;
import dev.imageingest.message.ParseMessages;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.PathRecord;
import dev.imageingest.model.SqsMessage;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job graph: source -> parse -> async fetch+store -> (union invalid) -> count -> route -> sink,
 * with the router's side outputs to the hand-back sink (transient outcomes with receives left: the
 * message returns to SQS later, no record) and the dead-letter sink (see {@link RouteOutcomes}).
 * Source and sinks are parameters so the same graph runs in production (SQS, Firehose) and in
 * tests. Operator uids are fixed so savepoints stay compatible (the added operators are stateless).
 */
public final class ImageIngestPipeline {
    public static final String SOURCE_UID = "sqs-source";
    public static final String PARSE_UID = "parse-messages";
    public static final String FETCH_UID = "fetch-and-store";
    public static final String COUNT_UID = "count-statuses";
    public static final String SINK_UID = "path-record-sink";
    public static final String ROUTE_UID = "route-outcomes";
    public static final String HAND_BACK_UID = "hand-back-sink";
    public static final String DEAD_LETTER_UID = "dead-letter-sink";

    private ImageIngestPipeline() {}

    /**
     * The graph without retries through SQS: every outcome, transient ones included, is a final
     * record (tests of single deliveries).
     */
    public static DataStream<PathRecord> build(
            StreamExecutionEnvironment env,
            Source<SqsMessage, ?, ?> source,
            Sink<PathRecord> sink,
            FetchSettings fetch,
            S3Settings s3) {
        return build(env, source, sink, null, fetch, s3);
    }

    /**
     * The production graph.
     *
     * @param outcomes hand-back and dead-letter sinks; null routes every outcome to {@code sink}
     * @return the path records written to {@code sink}
     */
    public static DataStream<PathRecord> build(
            StreamExecutionEnvironment env,
            Source<SqsMessage, ?, ?> source,
            Sink<PathRecord> sink,
            OutcomeSinks outcomes,
            FetchSettings fetch,
            S3Settings s3) {
        DataStream<SqsMessage> messages =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "SQS source")
                        .uid(SOURCE_UID);

        SingleOutputStreamOperator<ImageRequest> requests =
                messages.process(
                                new ParseWithReceipts(
                                        outcomes == null ? 0 : outcomes.retry().maxReceives()))
                        .name("Parse messages")
                        .uid(PARSE_UID);

        DataStream<PathRecord> fetched =
                AsyncDataStream.unorderedWait(
                                requests,
                                new FetchImageFunction(fetch, s3),
                                fetch.operatorTimeout().toMillis(),
                                TimeUnit.MILLISECONDS,
                                fetch.capacity())
                        .name("Fetch and store images")
                        .uid(FETCH_UID);

        DataStream<PathRecord> records =
                fetched.union(requests.getSideOutput(ParseMessages.INVALID))
                        .map(new CountStatuses())
                        .name("Count statuses")
                        .uid(COUNT_UID);

        if (outcomes != null) {
            SingleOutputStreamOperator<PathRecord> routed =
                    records.process(
                                    new RouteOutcomes(
                                            outcomes.retry(), outcomes.deadLetters() != null))
                            .name("Route outcomes")
                            .uid(ROUTE_UID);
            routed.getSideOutput(RouteOutcomes.HAND_BACK)
                    .sinkTo(outcomes.handBacks())
                    .name("Hand back to SQS")
                    .uid(HAND_BACK_UID);
            if (outcomes.deadLetters() != null) {
                routed.getSideOutput(RouteOutcomes.DEAD_LETTER)
                        .sinkTo(outcomes.deadLetters())
                        .name("Dead letters to SQS")
                        .uid(DEAD_LETTER_UID);
            }
            records = routed;
        }
        records.sinkTo(sink).name("Path records to Firehose").uid(SINK_UID);
        return records;
    }
}
