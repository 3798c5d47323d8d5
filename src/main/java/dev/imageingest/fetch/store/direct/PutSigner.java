package dev.imageingest.fetch.store.direct;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs a PUT with the SDK's own SigV4 signer ({@link AwsV4HttpSigner}), the way the S3 client
 * does: single URL encoding, no path normalisation, {@code UNSIGNED-PAYLOAD} as the payload hash
 * (the signer never reads the body, so it is hashed once, by the job); the body's integrity is
 * still checked by S3 against the signed {@code x-amz-checksum-sha256} header. Credentials come
 * from the SDK provider on every signature, so a refreshed role session is picked up at once. A
 * clock offset learned from S3 ({@code RequestTimeTooSkewed}) is applied to the signing time.
 */
final class PutSigner {
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsProvider credentials;
    private final String region;
    private volatile Clock clock = Clock.systemUTC();

    PutSigner(AwsCredentialsProvider credentials, String region) {
        this.credentials = credentials;
        this.region = region;
    }

    /**
     * Adds {@code x-amz-date}, {@code x-amz-content-sha256}, the session token if any and {@code
     * Authorization} to {@code out}, which already holds the headers to sign.
     */
    void sign(S3Address address, String path, HttpHeaders out) {
        SdkHttpRequest.Builder b =
                SdkHttpRequest.builder()
                        .method(SdkHttpMethod.PUT)
                        .protocol(address.scheme())
                        .host(address.host)
                        .port(address.port)
                        .encodedPath(path);
        for (Map.Entry<String, String> h : out) {
            b.appendHeader(h.getKey(), h.getValue());
        }
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        SignedRequest signed =
                signer.sign(
                        r ->
                                r.identity(identity)
                                        .request(b.build())
                                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            String name = h.getKey();
            if (!out.contains(name) && !"Host".equalsIgnoreCase(name)) {
                out.set(name, h.getValue());
            }
        }
    }

    /**
     * Signs from now on with the clock S3 reported in the {@code Date} header of its {@code
     * RequestTimeTooSkewed} answer; without a usable date the retry fails the same way.
     */
    void correctClock(String date) {
        if (date == null) {
            return;
        }
        try {
            long server =
                    ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant()
                            .toEpochMilli();
            Duration offset = Duration.ofMillis(server - System.currentTimeMillis());
            clock = Clock.offset(Clock.systemUTC(), offset);
        } catch (RuntimeException ignored) {
            // not a date: keep the clock
        }
    }
}
