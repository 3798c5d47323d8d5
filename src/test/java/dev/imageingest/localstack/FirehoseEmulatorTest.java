package dev.imageingest.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.model.S3Object;

class FirehoseEmulatorTest {
    private static final Pattern KEY =
            Pattern.compile(
                    "out/(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/s1-1-(\\d{4})-(\\d{2})-(\\d{2})-(\\d{2})"
                            + "-\\d{2}-\\d{2}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}"
                            + "-[0-9a-f]{12}");

    private static LocalS3 s3;
    private static int bucketSeq;
    private FirehoseEmulator firehose;
    private FirehoseAsyncClient client;
    private String bucket;

    @BeforeAll
    static void startS3() {
        s3 = LocalS3.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    private void start(long bufferBytes, Duration interval) {
        bucket = "fh-" + (++bucketSeq);
        s3.createBucket(bucket);
        firehose = FirehoseEmulator.start(s3.client(), bufferBytes, interval);
        firehose.createDeliveryStream("s1", bucket, "out/");
        client = LocalAws.firehose(firehose.endpoint());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (firehose != null) {
            firehose.close();
        }
    }

    @Test
    void sizeHintCutsObjectsWithExactConcatenatedRecords() {
        start(1000, Duration.ofMinutes(10));
        List<String> lines = lines(25, 100); // 100 bytes each: 10 per object
        put(lines.subList(0, 7));
        put(lines.subList(7, 25));

        assertThat(firehose.recordsAccepted()).isEqualTo(25);
        firehose.flush(); // the size-triggered writes, and the remaining 5 records
        List<String> contents = objects().stream().map(this::content).toList();
        assertThat(contents)
                .containsExactlyInAnyOrder(
                        String.join("", lines.subList(0, 10)),
                        String.join("", lines.subList(10, 20)),
                        String.join("", lines.subList(20, 25)));
        assertThat(firehose.objectsWritten()).isEqualTo(3);
        assertThat(firehose.contentTypes()).containsExactly("application/x-amz-json-1.1");
        assertThat(firehose.bytesWritten()).isEqualTo(2500);
    }

    @Test
    void keysFollowFirehoseLayoutInUtc() {
        start(1000, Duration.ofMinutes(10));
        put(lines(3, 50));
        firehose.flush();
        List<S3Object> objects = objects();
        assertThat(objects).hasSize(1);
        Matcher m = KEY.matcher(objects.get(0).key());
        assertThat(m.matches()).as(objects.get(0).key()).isTrue();
        for (int g = 1; g <= 4; g++) {
            assertThat(m.group(g)).isEqualTo(m.group(g + 4)); // hour path == stamp prefix
        }
        String hourPathUtc =
                java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd/HH")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(objects.get(0).lastModified());
        assertThat(m.group(1) + "/" + m.group(2) + "/" + m.group(3) + "/" + m.group(4))
                .isEqualTo(hourPathUtc);
    }

    @Test
    void intervalHintWritesAPartialBufferWithoutAFlush() throws InterruptedException {
        start(1024 * 1024, Duration.ofMillis(300));
        List<String> lines = lines(3, 40);
        put(lines);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (firehose.objectsWritten() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(objects()).extracting(this::content).containsExactly(String.join("", lines));
    }

    @Test
    void putRecordAndDescribeAndList() {
        start(1024, Duration.ofMinutes(10));
        client.putRecord(
                        b ->
                                b.deliveryStreamName("s1")
                                        .record(r -> r.data(SdkBytes.fromUtf8String("one\n"))))
                .join();
        var description =
                client.describeDeliveryStream(b -> b.deliveryStreamName("s1"))
                        .join()
                        .deliveryStreamDescription();
        assertThat(description.deliveryStreamStatusAsString()).isEqualTo("ACTIVE");
        assertThat(description.destinations().get(0).extendedS3DestinationDescription().bucketARN())
                .isEqualTo("arn:aws:s3:::" + bucket);
        assertThat(client.listDeliveryStreams(b -> {}).join().deliveryStreamNames())
                .containsExactly("s1");
        firehose.flush();
        assertThat(objects()).extracting(this::content).containsExactly("one\n");
    }

    @Test
    void createDeliveryStreamThroughTheApi() {
        start(1024, Duration.ofMinutes(10));
        client.createDeliveryStream(
                        b ->
                                b.deliveryStreamName("s2")
                                        .extendedS3DestinationConfiguration(
                                                s ->
                                                        s.bucketARN("arn:aws:s3:::" + bucket)
                                                                .roleARN("arn:aws:iam::0:role/r")
                                                                .prefix("s2/")))
                .join();
        client.putRecordBatch(
                        b ->
                                b.deliveryStreamName("s2")
                                        .records(
                                                Record.builder()
                                                        .data(SdkBytes.fromUtf8String("x\n"))
                                                        .build()))
                .join();
        firehose.flush();
        assertThat(objects()).singleElement().satisfies(o -> assertThat(o.key()).startsWith("s2/"));
    }

    @Test
    void unknownStreamIsResourceNotFound() {
        start(1024, Duration.ofMinutes(10));
        assertThatThrownBy(
                        () ->
                                client.putRecordBatch(
                                                b ->
                                                        b.deliveryStreamName("nope")
                                                                .records(records(lines(1, 30))))
                                        .join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        ResourceNotFoundException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    @Test
    void oversizedBatchesAreRejectedAndNothingIsBuffered() {
        start(1024, Duration.ofMinutes(10));
        assertThatThrownBy(() -> put(lines(501, 30)))
                .cause()
                .isInstanceOfSatisfying(
                        FirehoseException.class,
                        e -> {
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.awsErrorDetails().errorCode())
                                    .isEqualTo("ValidationException");
                        });
        String big = "x".repeat(900 * 1024) + "\n";
        assertThatThrownBy(() -> put(List.of(big, big, big, big, big)))
                .cause()
                .isInstanceOfSatisfying(
                        FirehoseException.class,
                        e ->
                                assertThat(e.awsErrorDetails().errorCode())
                                        .isEqualTo("InvalidArgumentException"));
        assertThat(firehose.recordsAccepted()).isZero();
        firehose.flush();
        assertThat(objects()).isEmpty();
    }

    @Test
    void injectedFaultsFailRequestsAndRecords() {
        start(1024 * 1024, Duration.ofMinutes(10));
        firehose.setFaults(FirehoseFaults.partialFailures(1, 2));
        PutRecordBatchResponse partial = put(lines(4, 30));
        assertThat(partial.failedPutCount()).isEqualTo(2);
        assertThat(partial.requestResponses().get(1).errorCode())
                .isEqualTo("ServiceUnavailableException");
        assertThat(partial.requestResponses().get(0).recordId()).isNotBlank();
        assertThat(firehose.recordsAccepted()).isEqualTo(2);
        assertThat(firehose.recordsRejected()).isEqualTo(2);

        // the SDK retries 503 itself: more faults than its attempts surface as an error
        firehose.setFaults(FirehoseFaults.failNextPuts(100));
        assertThatThrownBy(() -> put(lines(1, 30)))
                .cause()
                .isInstanceOfSatisfying(
                        FirehoseException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        firehose.setFaults(FirehoseFaults.NONE);
        assertThat(put(lines(1, 30)).failedPutCount()).isZero();
    }

    // ------------------------------------------------------------------ helpers

    /** {@code n} distinct newline-terminated lines of exactly {@code bytes} bytes. */
    private static List<String> lines(int n, int bytes) {
        List<String> out = new ArrayList<>();
        IntStream.range(0, n)
                .forEach(
                        i -> {
                            String head = "{\"i\":" + i + ",\"pad\":\"";
                            String tail = "\"}\n";
                            out.add(
                                    head
                                            + "p".repeat(bytes - head.length() - tail.length())
                                            + tail);
                        });
        return out;
    }

    private static List<Record> records(List<String> lines) {
        return lines.stream()
                .map(l -> Record.builder().data(SdkBytes.fromUtf8String(l)).build())
                .toList();
    }

    private PutRecordBatchResponse put(List<String> lines) {
        return client.putRecordBatch(b -> b.deliveryStreamName("s1").records(records(lines)))
                .join();
    }

    private List<S3Object> objects() {
        return s3.client().listObjectsV2(b -> b.bucket(bucket)).join().contents();
    }

    private String content(S3Object o) {
        return new String(
                s3.client()
                        .getObject(
                                b -> b.bucket(bucket).key(o.key()),
                                AsyncResponseTransformer.toBytes())
                        .join()
                        .asByteArray(),
                StandardCharsets.UTF_8);
    }
}
