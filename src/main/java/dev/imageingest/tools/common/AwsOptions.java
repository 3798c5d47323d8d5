package dev.imageingest.tools.common;

import dev.imageingest.aws.AwsSettings;
import picocli.CommandLine.Option;

/** AWS flags shared by the tools: region, endpoint override (local stack) and credentials. */
public final class AwsOptions {

    @Option(
            names = "--region",
            defaultValue = "${env:AWS_REGION:-us-east-1}",
            description = "AWS region (env AWS_REGION; default ${DEFAULT-VALUE}).")
    String region;

    @Option(
            names = "--endpoint",
            description =
                    "Endpoint override, e.g. http://127.0.0.1:9324 for a local SQS or S3 server.")
    String endpoint;

    @Option(
            names = "--access-key",
            description =
                    "Static access key id (with --secret-key). Default: the SDK's default"
                            + " credential chain (env AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,"
                            + " profile, instance role).")
    String accessKey;

    @Option(
            names = "--secret-key",
            defaultValue = "${env:AWS_SECRET_ACCESS_KEY}",
            description = "Static secret key (env AWS_SECRET_ACCESS_KEY when --access-key is set).")
    String secretKey;

    public AwsSettings settings() {
        if (accessKey == null || accessKey.isBlank()) {
            return AwsSettings.defaultChain(region);
        }
        if (secretKey == null || secretKey.isBlank()) {
            throw ToolException.usage("--access-key needs --secret-key (or AWS_SECRET_ACCESS_KEY)");
        }
        return AwsSettings.staticKeys(region, accessKey, secretKey);
    }

    /** The endpoint override, or null for the regional AWS endpoint. */
    public String endpoint() {
        return endpoint == null || endpoint.isBlank() ? null : endpoint;
    }
}
