package dev.imageingest.pipeline;

import dev.imageingest.fetch.FetchImageFunction;
import dev.imageingest.fetch.FetchSettings;
import dev.imageingest.fetch.store.S3Settings;
import dev.imageingest.message.ParseMessages;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.PathRecord;
import dev.imageingest.source.sqs.SqsMessage;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job graph: source -> parse -> async fetch+store -> (union invalid) -> count -> sink. Source
 * and sink are parameters so the same graph runs in production (SQS, Firehose) and in tests.
 * Operator uids are fixed so savepoints stay compatible.
 */
public final class ImageIngestPipeline {
    public static final String SOURCE_UID = "sqs-source";
    public static final String PARSE_UID = "parse-messages";
    public static final String FETCH_UID = "fetch-and-store";
    public static final String COUNT_UID = "count-statuses";
    public static final String SINK_UID = "path-record-sink";

    private ImageIngestPipeline() {}

    public static DataStream<PathRecord> build(
            StreamExecutionEnvironment env,
            Source<SqsMessage, ?, ?> source,
            Sink<PathRecord> sink,
            FetchSettings fetch,
            S3Settings s3) {
        DataStream<SqsMessage> messages =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "SQS source")
                        .uid(SOURCE_UID);

        SingleOutputStreamOperator<ImageRequest> requests =
                messages.process(new ParseWithReceipts()).name("Parse messages").uid(PARSE_UID);

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

        records.sinkTo(sink).name("Path records to Firehose").uid(SINK_UID);
        return records;
    }
}
