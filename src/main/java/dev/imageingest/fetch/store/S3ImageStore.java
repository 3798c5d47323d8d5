package dev.imageingest.fetch.store;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.aws.ResourceCheck;
import dev.imageingest.fetch.store.direct.DirectS3Client;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Writes image bytes to S3, with the client {@code s3.client} names: {@value S3Settings#DIRECT}
 * (default: {@link DirectS3Client}, the job's own keep-alive HTTP client signed by the SDK's SigV4
 * signer; measured at about a third of the SDK client's CPU per object) or {@value S3Settings#SDK}
 * (the AWS SDK's async S3 client on Netty, kept as the fallback for setups the direct client does
 * not cover, e.g. FIPS or dual-stack endpoints without an {@code s3.endpoint}). Either way the
 * SHA-256 the job computed is sent as the object's checksum, so S3 verifies the upload and nothing
 * hashes the body again.
 */
public final class S3ImageStore implements AutoCloseable {
    private static final Duration OPEN_CHECK_TIMEOUT = Duration.ofSeconds(10);
    private final S3Settings settings;
    private final S3AsyncClient sdk;
    private final DirectS3Client direct;

    public S3ImageStore(S3Settings settings) {
        this.settings = settings;
        if (S3Settings.SDK.equals(settings.client())) {
            this.sdk =
                    AwsClients.s3(
                            settings.aws(),
                            settings.endpoint(),
                            settings.pathStyleAccess(),
                            settings.maxConcurrency());
            this.direct = null;
        } else {
            this.sdk = null;
            this.direct =
                    new DirectS3Client(
                            settings.bucket(),
                            settings.aws().region(),
                            settings.endpoint(),
                            settings.pathStyleAccess(),
                            settings.maxConcurrency(),
                            AwsClients.credentials(settings.aws()));
        }
    }

    /**
     * Puts the object; completes with its {@code s3://bucket/key} URI, or fails once {@code
     * timeout} (covering retries) has passed.
     */
    public CompletableFuture<String> put(
            String key, byte[] body, String contentType, byte[] sha256, Duration timeout) {
        String uri = ContentKeys.s3Uri(settings.bucket(), key);
        if (direct != null) {
            return direct.put(key, body, contentType, sha256, timeout).thenApply(v -> uri);
        }
        PutObjectRequest request =
                PutObjectRequest.builder()
                        .bucket(settings.bucket())
                        .key(key)
                        .contentType(contentType)
                        .contentLength((long) body.length)
                        .checksumSHA256(Base64.getEncoder().encodeToString(sha256))
                        .overrideConfiguration(c -> c.apiCallTimeout(timeout))
                        .build();
        return sdk.putObject(request, AsyncRequestBody.fromBytesUnsafe(body))
                .thenApply(response -> uri);
    }

    /**
     * {@code HeadBucket}, as the operator opens: throws a one-line {@code ResourceException} when
     * the bucket does not exist or may not be used; only logs when S3 cannot be reached right now.
     */
    public void checkBucket() {
        if (sdk != null) {
            ResourceCheck.atOpen(
                    ResourceCheck.bucket(sdk, settings.bucket(), OPEN_CHECK_TIMEOUT),
                    OPEN_CHECK_TIMEOUT);
            return;
        }
        // the direct client only puts: a short-lived SDK client asks, and is closed at once
        try (S3AsyncClient check =
                AwsClients.s3(settings.aws(), settings.endpoint(), settings.pathStyleAccess(), 2)) {
            ResourceCheck.atOpen(
                    ResourceCheck.bucket(check, settings.bucket(), OPEN_CHECK_TIMEOUT),
                    OPEN_CHECK_TIMEOUT);
        }
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (sdk != null) {
            sdk.close();
        }
        if (direct != null) {
            direct.close();
        }
    }
}
