package dev.imageingest.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.config.IngestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;

class LocalStackTest {

    @Test
    void startsEveryServerAndItsJobConfigValidates() throws Exception {
        try (LocalStack stack = LocalStack.start()) {
            IngestConfig config = IngestConfig.of(stack.jobConfig());
            assertThat(config.sqs().queueUrl()).isEqualTo(stack.queueUrl());
            assertThat(config.s3().bucket()).isEqualTo(LocalStack.IMAGE_BUCKET);
            assertThat(config.firehose().deliveryStream()).isEqualTo(LocalStack.STREAM);
            assertThat(config.fetch().allowedPorts()).contains(stack.images().port());

            assertThat(stack.queueDepth()).isZero();
            stack.sqs()
                    .client()
                    .sendMessage(b -> b.queueUrl(stack.queueUrl()).messageBody("{}"))
                    .join();
            assertThat(stack.queueDepth()).isEqualTo(1);

            HttpResponse<Void> image =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(stack.images().url("/img/1.jpg")))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding());
            assertThat(image.statusCode()).isEqualTo(200);

            try (FirehoseAsyncClient firehose = LocalAws.firehose(stack.firehose().endpoint())) {
                firehose.putRecordBatch(
                                b ->
                                        b.deliveryStreamName(LocalStack.STREAM)
                                                .records(
                                                        r ->
                                                                r.data(
                                                                        SdkBytes.fromUtf8String(
                                                                                "{\"a\":1}\n{\"a\":2}\n"))))
                        .join();
            }
            stack.firehose().flush();
            assertThat(stack.readDeliveredLines()).containsExactly("{\"a\":1}", "{\"a\":2}");
            assertThat(stack.readDeliveredLines()).hasSize(2); // cached objects, same answer
        }
    }
}
