package dev.imageingest.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.aws.AwsSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connector client properties of the dead-letter SqsSink: HTTP/1.1 always (SQS). */
class DeadLetterClientPropertiesTest {
    private static final String QUEUE = "http://127.0.0.1:9324/000000000000/dlq";

    @Test
    void awsEndpointDefaultChainStillForcesHttp11() {
        var s = new DeadLetterSettings(QUEUE, "", AwsSettings.defaultChain("eu-west-1"));
        assertThat(DeadLetterSinks.clientProperties(s))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "aws.region", "eu-west-1",
                                "aws.credentials.provider", "AUTO",
                                "aws.http.protocol.version", "HTTP1_1"));
    }

    @Test
    void customEndpointWithStaticKeys() {
        var s =
                new DeadLetterSettings(
                        QUEUE,
                        "http://127.0.0.1:9324",
                        AwsSettings.staticKeys("us-east-1", "AKID", "SECRET"));
        assertThat(DeadLetterSinks.clientProperties(s))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "aws.region", "us-east-1",
                                "aws.credentials.provider", "BASIC",
                                "aws.credentials.provider.basic.accesskeyid", "AKID",
                                "aws.credentials.provider.basic.secretkey", "SECRET",
                                "aws.endpoint", "http://127.0.0.1:9324",
                                "aws.http.protocol.version", "HTTP1_1"));
    }
}
