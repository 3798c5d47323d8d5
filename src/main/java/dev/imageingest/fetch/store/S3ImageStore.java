package dev.imageingest.fetch.store;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.aws.ResourceCheck;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Writes image bytes to S3 with the async client. The SHA-256 we already computed is sent as the
 * object's checksum, so S3 verifies the upload and the SDK does not hash the body again.
 */
public final class S3ImageStore implements AutoCloseable {
    private static final Duration OPEN_CHECK_TIMEOUT = Duration.ofSeconds(10);
    private final S3Settings settings;
    private final S3AsyncClient s3;

    public S3ImageStore(S3Settings settings) {
        this.settings = settings;
        this.s3 =
                AwsClients.s3(
                        settings.aws(),
                        settings.endpoint(),
                        settings.pathStyleAccess(),
                        settings.maxConcurrency());
    }

    /**
     * Puts the object; completes with its {@code s3://bucket/key} URI, or fails once {@code
     * timeout} (covering the SDK's retries) has passed.
     */
    public CompletableFuture<String> put(
            String key, byte[] body, String contentType, byte[] sha256, Duration timeout) {
        PutObjectRequest request =
                PutObjectRequest.builder()
                        .bucket(settings.bucket())
                        .key(key)
                        .contentType(contentType)
                        .contentLength((long) body.length)
                        .checksumSHA256(Base64.getEncoder().encodeToString(sha256))
                        .overrideConfiguration(c -> c.apiCallTimeout(timeout))
                        .build();
        return s3.putObject(request, AsyncRequestBody.fromBytesUnsafe(body))
                .thenApply(response -> ContentKeys.s3Uri(settings.bucket(), key));
    }

    /**
     * {@code HeadBucket}, as the operator opens: throws a one-line {@code ResourceException} when
     * the bucket does not exist or may not be used; only logs when S3 cannot be reached right now.
     */
    public void checkBucket() {
        ResourceCheck.atOpen(
                ResourceCheck.bucket(s3, settings.bucket(), OPEN_CHECK_TIMEOUT),
                OPEN_CHECK_TIMEOUT);
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        s3.close();
    }
}
