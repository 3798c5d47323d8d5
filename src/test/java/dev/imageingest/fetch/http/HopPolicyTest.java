package dev.imageingest.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.backoff.Backoff;
import dev.imageingest.fetch.guard.AddressPolicy;
import dev.imageingest.fetch.guard.Target;
import dev.imageingest.fetch.guard.UrlGuard;
import dev.imageingest.fetch.politeness.HostPermit;
import dev.imageingest.model.FetchStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The redirect, retry and host-feedback rules the downloader's jobs follow after each hop. */
class HopPolicyTest {
    private static final UrlGuard GUARD = new UrlGuard(Set.of(80, 443), AddressPolicy.strict());
    private static final Backoff BACKOFF =
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    private final HopPolicy policy = new HopPolicy(GUARD, BACKOFF, 2, 3);

    @Test
    void followsARelativeRedirectUntilTheLimit() throws Exception {
        Target from = GUARD.check("https://images.example.com/a/b.jpg");
        Target to = policy.redirect(from, "/c.png", 1);
        assertThat(to.authority()).isEqualTo("images.example.com");
        assertThat(to.pathAndQuery()).isEqualTo("/c.png");
        assertThatThrownBy(() -> policy.redirect(from, "/c.png", 2))
                .isInstanceOfSatisfying(
                        DownloadAbort.class,
                        a -> assertThat(a.status()).isEqualTo(FetchStatus.TOO_MANY_REDIRECTS))
                .hasMessage("more than 2 redirects");
    }

    @Test
    void refusesADowngradeAndWhatTheGuardBlocks() throws Exception {
        Target from = GUARD.check("https://images.example.com/a.jpg");
        assertThatThrownBy(() -> policy.redirect(from, "http://images.example.com/a.jpg", 0))
                .isInstanceOfSatisfying(
                        DownloadAbort.class,
                        a -> assertThat(a.status()).isEqualTo(FetchStatus.BLOCKED_SCHEME))
                .hasMessageStartingWith("redirect from https to http refused: ");
        assertThatThrownBy(() -> policy.redirect(from, "ftp://images.example.com/a.jpg", 0))
                .isInstanceOfSatisfying(
                        DownloadAbort.class,
                        a -> assertThat(a.status()).isEqualTo(FetchStatus.BLOCKED_SCHEME))
                .hasMessageStartingWith("redirect to ftp://images.example.com/a.jpg: ");
        // plain http upwards to https is fine
        Target plain = GUARD.check("http://images.example.com/a.jpg");
        assertThat(policy.redirect(plain, "https://images.example.com/a.jpg", 0).scheme())
                .isEqualTo("https");
    }

    @Test
    void retriesOnlyTransientFailuresWhileAttemptsRemain() {
        HopResult reset = HopResult.failure(FetchStatus.CONNECTION_RESET, null, "reset", null);
        for (int attempts = 1; attempts < 3; attempts++) {
            assertThat(policy.retryDelay(reset, attempts))
                    .isBetween(Duration.ZERO, BACKOFF.ceiling(attempts));
        }
        assertThat(policy.retryDelay(reset, 3)).isNull();
        HopResult gone = HopResult.failure(FetchStatus.HTTP_404, 404, "HTTP 404", null);
        assertThat(policy.retryDelay(gone, 1)).isNull();
    }

    @Test
    void waitsAtLeastTheServersRetryAfterCappedAtTheBackoffMaximum() {
        HopResult busy =
                HopResult.failure(FetchStatus.HTTP_429, 429, "HTTP 429", Duration.ofSeconds(2));
        assertThat(policy.retryDelay(busy, 1)).isEqualTo(Duration.ofSeconds(2));
        HopResult longer =
                HopResult.failure(FetchStatus.HTTP_5XX, 503, "HTTP 503", Duration.ofMinutes(5));
        assertThat(policy.retryDelay(longer, 1)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void tellsTheHostWhatTheHopSaysAboutIt() {
        assertThat(told(HopResult.failure(FetchStatus.HTTP_429, 429, "x", Duration.ofSeconds(1))))
                .isEqualTo("throttled PT1S");
        assertThat(told(HopResult.failure(FetchStatus.TIMEOUT, null, "x", null)))
                .isEqualTo("failed");
        assertThat(told(HopResult.failure(FetchStatus.BLOCKED_ADDRESS, null, "x", null)))
                .isEqualTo("released");
        assertThat(told(HopResult.failure(FetchStatus.INTERNAL_ERROR, null, "x", null)))
                .isEqualTo("released");
        assertThat(told(HopResult.failure(FetchStatus.HTTP_404, 404, "x", null)))
                .isEqualTo("succeeded");
        assertThat(told(HopResult.redirect(302, "/next"))).isEqualTo("succeeded");
    }

    private static String told(HopResult hop) {
        List<String> calls = new ArrayList<>();
        HopPolicy.tellHost(
                new HostPermit() {
                    @Override
                    public void succeeded() {
                        calls.add("succeeded");
                    }

                    @Override
                    public void failed() {
                        calls.add("failed");
                    }

                    @Override
                    public void throttled(Duration retryAfter) {
                        calls.add("throttled " + retryAfter);
                    }

                    @Override
                    public void released() {
                        calls.add("released");
                    }
                },
                hop);
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }
}
