package dev.imageingest.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;

class LocalServersTest {

    @Test
    void sqsQueueRoundTripsAMessage() {
        try (LocalSqs sqs = LocalSqs.start()) {
            assertThat(sqs.endpoint()).startsWith("http://127.0.0.1:");
            String url = sqs.createQueue("q1");
            sqs.client().sendMessage(b -> b.queueUrl(url).messageBody("hello")).join();
            var received =
                    sqs.client()
                            .receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5))
                            .join()
                            .messages();
            assertThat(received).extracting(m -> m.body()).containsExactly("hello");
        }
    }

    @Test
    void s3StoresObjectsInInitialAndCreatedBuckets() {
        try (LocalS3 s3 = LocalS3.start("first")) {
            assertThat(s3.endpoint()).startsWith("http://127.0.0.1:");
            s3.createBucket("second");
            s3.createBucket("second"); // idempotent
            for (String bucket : new String[] {"first", "second"}) {
                s3.client()
                        .putObject(
                                b -> b.bucket(bucket).key("a/b.txt"),
                                AsyncRequestBody.fromString("data-" + bucket))
                        .join();
                byte[] got =
                        s3.client()
                                .getObject(
                                        b -> b.bucket(bucket).key("a/b.txt"),
                                        AsyncResponseTransformer.toBytes())
                                .join()
                                .asByteArray();
                assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("data-" + bucket);
            }
        }
    }
}
