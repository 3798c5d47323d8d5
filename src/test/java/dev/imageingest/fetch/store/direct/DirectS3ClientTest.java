package dev.imageingest.fetch.store.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.fetch.tls.TestPki;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The direct S3 PUT client against a scripted S3 endpoint that verifies every signature with an
 * independent SigV4 implementation and every body against its checksum header: success and
 * connection reuse, S3's error responses (retried or not), dropped and silent connections, clock
 * skew, expired session credentials, TLS.
 */
class DirectS3ClientTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final StaticCredentialsProvider KEYS =
            StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ScriptedS3.ACCESS_KEY, ScriptedS3.SECRET_KEY));

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private ScriptedS3 server(javax.net.ssl.SSLContext tls) throws Exception {
        ScriptedS3 s = new ScriptedS3(tls);
        open.add(s);
        return s;
    }

    private DirectS3Client client(ScriptedS3 s, AwsCredentialsProvider creds, int connections) {
        DirectS3Client c =
                new DirectS3Client(
                        "images",
                        ScriptedS3.REGION,
                        "http://127.0.0.1:" + s.port(),
                        true,
                        connections,
                        creds);
        open.add(c);
        return c;
    }

    private static byte[] body(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + n);
        }
        return b;
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    private static CompletableFuture<Void> put(DirectS3Client c, String key, byte[] b)
            throws Exception {
        return c.put(key, b, "image/jpeg", sha256(b), DEADLINE);
    }

    @Test
    void putsSignedObjectsOverOneKeptAliveConnection() throws Exception {
        ScriptedS3 s3 = server(null);
        DirectS3Client c = client(s3, KEYS, 4);
        for (int i = 0; i < 5; i++) {
            byte[] b = body(30_000 + i);
            put(c, "images/ab/cd/key " + i + "+ü.jpg", b).get(10, TimeUnit.SECONDS);
        }
        assertThat(s3.seen()).hasSize(5).allSatisfy(s -> assertThat(s.rejected()).isNull());
        assertThat(s3.objects).containsKey("/images/images/ab/cd/key%200%2B%C3%BC.jpg").hasSize(5);
        assertThat(s3.objects.get("/images/images/ab/cd/key%204%2B%C3%BC.jpg"))
                .isEqualTo(body(30_004));
        ScriptedS3.Seen first = s3.seen().get(0);
        assertThat(first.headers())
                .containsEntry("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
                .containsEntry("content-type", "image/jpeg")
                .doesNotContainKey("expect");
        assertThat(s3.connections.get()).isEqualTo(1);
        assertThat(c.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void manyConcurrentPutsStayWithinTheConnectionLimit() throws Exception {
        ScriptedS3 s3 = server(null);
        DirectS3Client c = client(s3, KEYS, 3);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            all.add(put(c, "k/" + i, body(1000 + i)));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(20, TimeUnit.SECONDS);
        assertThat(s3.objects).hasSize(60);
        assertThat(s3.connections.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void slowDownIsRetriedWithBackoffUntilStored() throws Exception {
        ScriptedS3 s3 = server(null);
        AtomicInteger n = new AtomicInteger();
        s3.script =
                s ->
                        n.incrementAndGet() <= 2
                                ? ScriptedS3.Reply.error(503, "SlowDown")
                                : ScriptedS3.Reply.store();
        DirectS3Client c = client(s3, KEYS, 2);
        put(c, "k/1", body(100)).get(20, TimeUnit.SECONDS);
        assertThat(s3.seen()).hasSize(3);
        assertThat(s3.objects).hasSize(1);
        assertThat(c.retries()).isEqualTo(2);
    }

    @Test
    void serverErrorsGiveUpAfterThreeAttemptsWithS3sCode() throws Exception {
        ScriptedS3 s3 = server(null);
        s3.script = s -> ScriptedS3.Reply.error(500, "InternalError");
        DirectS3Client c = client(s3, KEYS, 2);
        assertThatThrownBy(() -> put(c, "k/1", body(100)).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(S3PutFailure.class)
                .hasMessageContaining("HTTP 500 InternalError: scripted (request id REQ1)")
                .satisfies(e -> assertThat(((S3PutFailure) e).retryable()).isTrue());
        assertThat(s3.seen()).hasSize(PutRetries.MAX_ATTEMPTS);
    }

    @Test
    void accessDeniedAndBadDigestAreNotRetried() throws Exception {
        ScriptedS3 s3 = server(null);
        s3.script = s -> ScriptedS3.Reply.error(403, "AccessDenied");
        DirectS3Client c = client(s3, KEYS, 2);
        assertThatThrownBy(() -> put(c, "k/1", body(100)).get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(S3PutFailure.class)
                .hasMessageContaining("HTTP 403 AccessDenied");
        assertThat(s3.seen()).hasSize(1);

        byte[] b = body(200);
        byte[] wrong = sha256(body(201));
        assertThatThrownBy(
                        () ->
                                c.put("k/2", b, "image/png", wrong, DEADLINE)
                                        .get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(S3PutFailure.class)
                .hasMessageContaining("HTTP 400 BadDigest");
        assertThat(s3.seen()).hasSize(2);
        assertThat(s3.objects).isEmpty();
    }

    @Test
    void aConnectionDroppedBeforeTheAnswerIsRetriedOnANewOne() throws Exception {
        ScriptedS3 s3 = server(null);
        AtomicInteger n = new AtomicInteger();
        s3.script =
                s -> n.incrementAndGet() == 1 ? ScriptedS3.Reply.close() : ScriptedS3.Reply.store();
        DirectS3Client c = client(s3, KEYS, 2);
        put(c, "k/1", body(100)).get(20, TimeUnit.SECONDS);
        assertThat(s3.objects).hasSize(1);
        assertThat(s3.connections.get()).isEqualTo(2);
    }

    @Test
    void aSilentServerEndsAtTheDeadline() throws Exception {
        ScriptedS3 s3 = server(null);
        s3.script = s -> ScriptedS3.Reply.silence();
        DirectS3Client c = client(s3, KEYS, 2);
        byte[] b = body(100);
        CompletableFuture<Void> f =
                c.put("k/1", b, "image/jpeg", sha256(b), Duration.ofMillis(800));
        assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void aSkewedClockIsCorrectedFromS3sDate() throws Exception {
        ScriptedS3 s3 = server(null);
        s3.clockOffset = Duration.ofHours(1);
        DirectS3Client c = client(s3, KEYS, 2);
        put(c, "k/1", body(100)).get(20, TimeUnit.SECONDS);
        assertThat(s3.seen()).hasSize(2);
        assertThat(s3.seen().get(0).rejected()).startsWith("RequestTimeTooSkewed");
        assertThat(s3.seen().get(1).rejected()).isNull();
        put(c, "k/2", body(100)).get(20, TimeUnit.SECONDS); // the learned offset sticks
        assertThat(s3.seen()).hasSize(3);
    }

    @Test
    void anExpiredTokenIsRetriedWithTheProvidersRefreshedCredentials() throws Exception {
        ScriptedS3 s3 = server(null);
        AtomicReference<String> token = new AtomicReference<>("old");
        AwsCredentialsProvider session =
                () ->
                        AwsSessionCredentials.create(
                                ScriptedS3.ACCESS_KEY, ScriptedS3.SECRET_KEY, token.get());
        s3.script =
                s -> {
                    if ("old".equals(s.headers().get("x-amz-security-token"))) {
                        token.set("new"); // the provider refreshes meanwhile
                        return ScriptedS3.Reply.error(400, "ExpiredToken");
                    }
                    return ScriptedS3.Reply.store();
                };
        DirectS3Client c = client(s3, session, 2);
        put(c, "k/1", body(100)).get(20, TimeUnit.SECONDS);
        assertThat(s3.seen()).hasSize(2);
        assertThat(s3.seen().get(1).headers()).containsEntry("x-amz-security-token", "new");
    }

    @Test
    void wrongSecretIsRejectedBySignatureCheck() throws Exception {
        ScriptedS3 s3 = server(null);
        DirectS3Client c =
                client(
                        s3,
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(ScriptedS3.ACCESS_KEY, "wrong")),
                        1);
        assertThatThrownBy(() -> put(c, "k/1", body(10)).get(10, TimeUnit.SECONDS))
                .cause()
                .hasMessageContaining("403 SignatureDoesNotMatch");
        assertThat(s3.seen()).hasSize(1);
    }

    @Test
    void putsOverTlsVerifyingTheServerName() throws Exception {
        TestPki pki = new TestPki("s3-test-ca");
        ScriptedS3 s3 = server(pki.issue(List.of("localhost"), List.of()).serverContext());
        SslContext trust = SslContextBuilder.forClient().trustManager(pki.caCertificate()).build();
        S3Address ok =
                S3Address.of("images", ScriptedS3.REGION, "https://localhost:" + s3.port(), true);
        try (DirectS3Client c = new DirectS3Client(ok, ScriptedS3.REGION, 2, KEYS, trust)) {
            put(c, "k/1", body(5000)).get(10, TimeUnit.SECONDS);
        }
        assertThat(s3.objects).hasSize(1);
        S3Address wrongName =
                S3Address.of("images", ScriptedS3.REGION, "https://127.0.0.1:" + s3.port(), true);
        try (DirectS3Client c = new DirectS3Client(wrongName, ScriptedS3.REGION, 2, KEYS, trust)) {
            assertThatThrownBy(() -> put(c, "k/2", body(10)).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
        assertThat(s3.objects).hasSize(1);
    }
}
