package dev.imageingest.bench.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.fetch.store.S3ImageStore;
import dev.imageingest.fetch.store.S3Settings;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.PathRecord;
import dev.imageingest.model.RecordIds;
import dev.imageingest.sink.PathRecordJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The bench S3 and Firehose endpoints driven by the real SDK clients, and the end-of-run check on a
 * miniature run (messages received and deleted, objects stored, records delivered).
 */
class BenchS3FirehoseEndpointTest {
    private static BenchEndpoints endpoints;
    private static S3AsyncClient s3;
    private static FirehoseAsyncClient firehose;

    @BeforeAll
    static void start() {
        endpoints = BenchEndpointsFixture.shared();
        s3 = BenchEndpointsFixture.s3(endpoints);
        firehose = BenchEndpointsFixture.firehose(endpoints);
    }

    @AfterAll
    static void stop() {
        s3.close();
        firehose.close();
    }

    @Test
    void directClientPutsAreStoredAndItsErrorsAreS3s() throws Exception {
        s3.createBucket(b -> b.bucket("t-direct")).join();
        var creds =
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                BenchLayout.ACCESS_KEY, BenchLayout.SECRET_KEY));
        byte[] body = "direct bytes".repeat(1000).getBytes(StandardCharsets.UTF_8);
        byte[] sha = RecordIds.Hashing.sha256(body);
        Duration t = Duration.ofSeconds(10);
        try (var direct =
                        new dev.imageingest.fetch.store.direct.DirectS3Client(
                                "t-direct",
                                BenchLayout.REGION,
                                endpoints.s3Endpoint(),
                                true,
                                4,
                                creds);
                var noBucket =
                        new dev.imageingest.fetch.store.direct.DirectS3Client(
                                "t-none",
                                BenchLayout.REGION,
                                endpoints.s3Endpoint(),
                                true,
                                4,
                                creds)) {
            direct.put("x/y z.png", body, "image/png", sha, t).join();
            S3Handler.StoredObject o = endpoints.s3Handler().objects("t-direct").get("x/y z.png");
            assertThat(o.size()).isEqualTo(body.length);
            assertThat(o.sha256()).isEqualTo(sha);
            assertThat(o.contentType()).isEqualTo("image/png");

            byte[] wrong = RecordIds.Hashing.sha256(new byte[1]);
            assertThatThrownBy(() -> direct.put("x/bad", body, "image/png", wrong, t).join())
                    .hasCauseInstanceOf(dev.imageingest.fetch.store.direct.S3PutFailure.class)
                    .hasMessageContaining("HTTP 400 BadDigest");
            assertThatThrownBy(() -> noBucket.put("x/1", body, "image/png", sha, t).join())
                    .hasMessageContaining("HTTP 404 NoSuchBucket");
            assertThat(direct.retries()).isZero();
        }
    }

    @Test
    void putAndHeadKeepSizeAndHashAndVerifyChecksums() {
        long badDigests = endpoints.counters().get("s3.bad-digests"); // other tests make some
        s3.createBucket(b -> b.bucket("t-put")).join();
        s3.headBucket(b -> b.bucket("t-put")).join();
        byte[] body = "not really an image, but bytes".getBytes(StandardCharsets.UTF_8);
        byte[] sha = RecordIds.Hashing.sha256(body);
        // as the job's S3ImageStore does: the SHA-256 we computed, sent as the checksum header
        var put =
                s3.putObject(
                                b ->
                                        b.bucket("t-put")
                                                .key("a/b.jpg")
                                                .contentType("image/jpeg")
                                                .checksumSHA256(
                                                        Base64.getEncoder().encodeToString(sha)),
                                AsyncRequestBody.fromBytes(body))
                        .join();
        assertThat(put.eTag()).isEqualTo("\"" + HexFormat.of().formatHex(sha, 0, 16) + "\"");
        var head = s3.headObject(b -> b.bucket("t-put").key("a/b.jpg")).join();
        assertThat(head.contentLength()).isEqualTo(body.length);
        assertThat(head.contentType()).isEqualTo("image/jpeg");
        assertThat(endpoints.counters().get("s3.bad-digests")).isEqualTo(badDigests);

        // with Content-MD5 the ETag is the MD5, as in S3
        var withMd5 =
                s3.putObject(
                                b ->
                                        b.bucket("t-put")
                                                .key("md5")
                                                .contentMD5(
                                                        Base64.getEncoder()
                                                                .encodeToString(md5(body))),
                                AsyncRequestBody.fromBytes(body))
                        .join();
        assertThat(withMd5.eTag()).isEqualTo("\"" + HexFormat.of().formatHex(md5(body)) + "\"");
        // the SDK's own default checksum (CRC32, as an aws-chunked trailer on http)
        s3.putObject(b -> b.bucket("t-put").key("crc"), AsyncRequestBody.fromBytes(body)).join();
        assertThat(s3.headObject(b -> b.bucket("t-put").key("crc")).join().contentLength())
                .isEqualTo(body.length);

        byte[] wrong = RecordIds.Hashing.sha256("other".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(
                        () ->
                                s3.putObject(
                                                b ->
                                                        b.bucket("t-put")
                                                                .key("bad")
                                                                .checksumSHA256(
                                                                        Base64.getEncoder()
                                                                                .encodeToString(
                                                                                        wrong)),
                                                AsyncRequestBody.fromBytes(body))
                                        .join())
                .hasCauseInstanceOf(S3Exception.class);
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("t-put").key("bad")).join())
                .hasCauseInstanceOf(S3Exception.class);
        assertThatThrownBy(
                        () ->
                                s3.putObject(
                                                b -> b.bucket("missing").key("k"),
                                                AsyncRequestBody.fromBytes(body))
                                        .join())
                .hasCauseInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void putRecordBatchCountsRecordsAndUnknownStreamsAreNotFound() {
        endpoints.createCountingStream("t-stream");
        var described =
                firehose.describeDeliveryStream(b -> b.deliveryStreamName("t-stream")).join();
        assertThat(described.deliveryStreamDescription().deliveryStreamStatus())
                .isEqualTo(DeliveryStreamStatus.ACTIVE);
        long before = endpoints.counters().get("firehose.records");
        List<Record> records =
                List.of(record("{\"a\":1}\n"), record("{\"a\":2}\n"), record("{\"a\":3}\n"));
        var out =
                firehose.putRecordBatch(b -> b.deliveryStreamName("t-stream").records(records))
                        .join();
        assertThat(out.failedPutCount()).isZero();
        assertThat(out.requestResponses())
                .hasSize(3)
                .allSatisfy(r -> assertThat(r.recordId()).isNotBlank());
        assertThat(endpoints.counters().get("firehose.records") - before).isEqualTo(3);
        assertThatThrownBy(
                        () ->
                                firehose.putRecordBatch(
                                                b -> b.deliveryStreamName("nope").records(records))
                                        .join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void checkPassesOnlyWhenEveryMessageHasItsRecordAndObject() throws Exception {
        try (SqsAsyncClient sqs = BenchEndpointsFixture.sqs(endpoints);
                S3ImageStore store =
                        new S3ImageStore(
                                new S3Settings(
                                        BenchLayout.BUCKET,
                                        "images",
                                        endpoints.s3Endpoint(),
                                        true,
                                        8,
                                        dev.imageingest.aws.AwsSettings.staticKeys(
                                                BenchLayout.REGION,
                                                BenchLayout.ACCESS_KEY,
                                                BenchLayout.SECRET_KEY)))) {
            String queue = endpoints.queueUrl();
            for (long i = 1; i <= 2; i++) {
                String url = "http://img1.bench.test/i/0/" + i + ".jpg";
                String body = BenchLayout.body(i, url);
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body)).join();
            }
            List<Message> got =
                    sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10))
                            .join()
                            .messages();
            assertThat(got).hasSize(2);
            Map<String, Object> early = endpoints.check();
            assertThat(early).containsEntry("pass", false).containsEntry("missingRecords", 2L);

            for (Message m : got) {
                long i = BenchLayout.bukkenIdOf(m.body());
                String url = "http://img1.bench.test/i/0/" + i + ".jpg";
                byte[] image = ("image " + i).getBytes(StandardCharsets.UTF_8);
                byte[] sha = RecordIds.Hashing.sha256(image);
                String hex = HexFormat.of().formatHex(sha);
                String key = "images/" + hex + ".jpg";
                String path =
                        store.put(key, image, "image/jpeg", sha, Duration.ofSeconds(10)).join();
                PathRecord r =
                        new PathRecord(
                                RecordIds.forImage(url, Long.toString(i), BenchLayout.imageType(i)),
                                Long.toString(i),
                                BenchLayout.imageType(i),
                                url,
                                FetchStatus.OK,
                                path,
                                hex,
                                "image/jpeg",
                                (long) image.length,
                                1,
                                1,
                                200,
                                1,
                                null,
                                System.currentTimeMillis());
                firehose.putRecordBatch(
                                b ->
                                        b.deliveryStreamName(BenchLayout.STREAM)
                                                .records(
                                                        Record.builder()
                                                                .data(
                                                                        SdkBytes.fromByteArray(
                                                                                PathRecordJson
                                                                                        .toJsonLine(
                                                                                                r)))
                                                                .build()))
                        .join();
            }
            assertThat(endpoints.check())
                    .containsEntry("pass", false)
                    .containsEntry("queueInFlight", 2L);
            for (Message m : got) {
                sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle())).join();
            }
            Map<String, Object> done = endpoints.check();
            assertThat(done)
                    .containsEntry("pass", true)
                    .containsEntry("messagesWithRecord", 2L)
                    .containsEntry("objects", 2L)
                    .containsEntry("distinctOkImages", 2);
            assertThat(endpoints.latency(0, 10)).containsKey("toProcessedAt");
        }
    }

    private static Record record(String line) {
        return Record.builder().data(SdkBytes.fromString(line, StandardCharsets.UTF_8)).build();
    }

    private static byte[] md5(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
