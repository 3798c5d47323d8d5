package dev.imageingest.aws;

import java.util.Properties;
import org.apache.flink.connector.aws.config.AWSConfigConstants;

/**
 * The client {@link Properties} of a Flink AWS connector sink (Firehose, SQS): region, credentials
 * (static keys only when configured, never logged), the endpoint override when one is set, and the
 * HTTP protocol. The connectors build their own SDK client from these, so unlike {@link AwsClients}
 * nothing here creates a client.
 *
 * <p>Why the protocol is a parameter: the connectors' HTTP client speaks HTTP/2 unless told
 * otherwise. Firehose's AWS endpoints speak HTTP/2, so it is kept there; a custom endpoint (a local
 * emulator, a proxy, the benchmark's loopback servers) speaks plain-text HTTP/1.1 and must get
 * HTTP/1.1. SQS is not an HTTP/2 service (the SDK's own SQS client uses HTTP/1.1), so its sink is
 * forced to HTTP/1.1 against every endpoint, AWS's included.
 */
public final class ConnectorProperties {
    /** When the connector's HTTP client is forced to HTTP/1.1. */
    public enum Http11 {
        /** Always: the service does not speak HTTP/2 (SQS). */
        ALWAYS,
        /**
         * Only against a custom endpoint; AWS's own endpoints keep the connector's HTTP/2
         * (Firehose).
         */
        CUSTOM_ENDPOINT_ONLY
    }

    private ConnectorProperties() {}

    /**
     * @param endpoint the endpoint override, blank for AWS's endpoint of the region
     */
    public static Properties of(AwsSettings aws, String endpoint, Http11 http11) {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, aws.region());
        p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, aws.credentialsProvider());
        if (aws.staticKeysConfigured()) {
            p.setProperty(
                    AWSConfigConstants.accessKeyId(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER),
                    aws.accessKeyId());
            p.setProperty(
                    AWSConfigConstants.secretKey(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER),
                    aws.secretAccessKey());
        }
        boolean customEndpoint = !endpoint.isBlank();
        if (customEndpoint) {
            p.setProperty(AWSConfigConstants.AWS_ENDPOINT, endpoint);
        }
        if (http11 == Http11.ALWAYS || customEndpoint) {
            p.setProperty(AWSConfigConstants.HTTP_PROTOCOL_VERSION, "HTTP1_1");
        }
        return p;
    }
}
