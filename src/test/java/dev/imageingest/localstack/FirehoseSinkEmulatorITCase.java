package dev.imageingest.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.PathRecord;
import dev.imageingest.sink.FirehoseSettings;
import dev.imageingest.sink.FirehoseSinks;
import dev.imageingest.sink.PathRecordJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flink's {@code KinesisFirehoseSink}, built by {@link FirehoseSinks} with an endpoint override,
 * delivers through the {@link FirehoseEmulator}: every record lands in S3 exactly as {@link
 * PathRecordJson} serialised it, also when the emulator rejects part of the batches (the sink
 * retries failed entries).
 */
class FirehoseSinkEmulatorITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void sinkRecordsArriveAsJsonLinesInS3() throws Exception {
        try (LocalS3 s3 = LocalS3.start("records");
                FirehoseEmulator firehose =
                        FirehoseEmulator.start(s3.client(), 64 * 1024, Duration.ofMillis(300))) {
            firehose.createDeliveryStream("stream", "records", "");
            firehose.setFaults(FirehoseFaults.partialFailures(3, 4));
            List<PathRecord> records =
                    IntStream.range(0, 1200).mapToObj(FirehoseSinkEmulatorITCase::record).toList();

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.fromData(records)
                    .sinkTo(
                            FirehoseSinks.pathRecords(
                                    new FirehoseSettings(
                                            "stream",
                                            firehose.endpoint(),
                                            LocalAws.settings(),
                                            500,
                                            4,
                                            10_000,
                                            Duration.ofMillis(200))));
            env.execute("firehose sink against the emulator");
            firehose.flush();

            List<String> expected = new ArrayList<>();
            records.forEach(
                    r ->
                            expected.add(
                                    new String(
                                            PathRecordJson.toJsonLine(r), StandardCharsets.UTF_8)));
            List<String> delivered = new ArrayList<>();
            for (var o : s3.client().listObjectsV2(b -> b.bucket("records")).join().contents()) {
                delivered.addAll(
                        s3.client()
                                .getObject(
                                        b -> b.bucket("records").key(o.key()),
                                        software.amazon.awssdk.core.async.AsyncResponseTransformer
                                                .toBytes())
                                .join()
                                .asString(StandardCharsets.UTF_8)
                                .lines()
                                .map(l -> l + "\n")
                                .toList());
            }
            assertThat(firehose.recordsRejected()).isPositive();
            assertThat(firehose.contentTypes()).containsExactly("application/x-amz-json-1.1");
            assertThat(delivered).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static PathRecord record(int i) {
        return new PathRecord(
                "id-" + i,
                Integer.toString(1000 + i),
                2,
                "http://127.0.0.1/img/" + i + ".jpg",
                i % 7 == 0 ? FetchStatus.HTTP_404 : FetchStatus.OK,
                i % 7 == 0 ? null : "s3://images/images/aa/bb/" + i + ".jpg",
                null,
                "image/jpeg",
                1234L + i,
                64,
                48,
                i % 7 == 0 ? 404 : 200,
                1,
                null,
                1_700_000_000_000L + i);
    }
}
