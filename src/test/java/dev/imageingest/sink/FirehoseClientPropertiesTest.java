package dev.imageingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.aws.AwsSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The connector client properties of the Firehose sink: the connector's HTTP/2 against AWS,
 * HTTP/1.1 only against a custom endpoint.
 */
class FirehoseClientPropertiesTest {

    private static FirehoseSettings settings(String endpoint, AwsSettings aws) {
        return new FirehoseSettings("paths", endpoint, aws, 500, 10, 10_000, Duration.ofSeconds(1));
    }

    @Test
    void awsEndpointKeepsTheConnectorsProtocol() {
        var s = settings("", AwsSettings.defaultChain("eu-west-1"));
        assertThat(FirehoseSinks.clientProperties(s))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("aws.region", "eu-west-1", "aws.credentials.provider", "AUTO"));
    }

    @Test
    void customEndpointWithStaticKeysForcesHttp11() {
        var s =
                settings(
                        "http://127.0.0.1:4573",
                        AwsSettings.staticKeys("us-east-1", "AKID", "SECRET"));
        assertThat(FirehoseSinks.clientProperties(s))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "aws.region", "us-east-1",
                                "aws.credentials.provider", "BASIC",
                                "aws.credentials.provider.basic.accesskeyid", "AKID",
                                "aws.credentials.provider.basic.secretkey", "SECRET",
                                "aws.endpoint", "http://127.0.0.1:4573",
                                "aws.http.protocol.version", "HTTP1_1"));
    }
}
