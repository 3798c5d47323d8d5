package dev.imageingest.fetch.store.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.aws.AwsSettings;
import dev.imageingest.localstack.LocalAws;
import dev.imageingest.localstack.LocalS3;
import dev.imageingest.model.RecordIds;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.model.ChecksumMode;

/** The direct S3 PUT client against S3Mock (another S3 implementation than the bench's). */
class DirectS3ClientS3MockITCase {
    private static LocalS3 s3;

    @BeforeAll
    static void start() {
        s3 = LocalS3.start("direct-images");
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    private static DirectS3Client client(String bucket) {
        AwsSettings aws = LocalAws.settings();
        return new DirectS3Client(
                bucket, aws.region(), s3.endpoint(), true, 4, AwsClients.credentials(aws));
    }

    @Test
    void storedObjectsReadBackWithTypeAndChecksum() {
        byte[] body = new byte[70_000];
        new Random(3).nextBytes(body);
        byte[] sha = RecordIds.Hashing.sha256(body);
        try (DirectS3Client c = client("direct-images")) {
            c.put("images/ab/cd/abcd.jpg", body, "image/jpeg", sha, Duration.ofSeconds(20)).join();
        }
        var got =
                s3.client()
                        .getObject(
                                b ->
                                        b.bucket("direct-images")
                                                .key("images/ab/cd/abcd.jpg")
                                                .checksumMode(ChecksumMode.ENABLED),
                                AsyncResponseTransformer.toBytes())
                        .join();
        assertThat(got.asByteArray()).isEqualTo(body);
        assertThat(got.response().contentType()).isEqualTo("image/jpeg");
        assertThat(got.response().checksumSHA256())
                .isEqualTo(Base64.getEncoder().encodeToString(sha));
    }

    @Test
    void aMissingBucketIsS3sNoSuchBucketAndNotRetried() {
        byte[] body = {1, 2, 3};
        try (DirectS3Client c = client("no-such-bucket")) {
            assertThatThrownBy(
                            () ->
                                    c.put(
                                                    "k",
                                                    body,
                                                    "image/png",
                                                    RecordIds.Hashing.sha256(body),
                                                    Duration.ofSeconds(20))
                                            .join())
                    .hasCauseInstanceOf(S3PutFailure.class)
                    .hasMessageContaining("HTTP 404 NoSuchBucket");
            assertThat(c.retries()).isZero();
        }
    }
}
