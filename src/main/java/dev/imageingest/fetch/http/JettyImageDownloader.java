package dev.imageingest.fetch.http;

import dev.imageingest.fetch.FetchSettings;
import dev.imageingest.fetch.guard.AddressPolicy;
import dev.imageingest.fetch.guard.DnsResolver;
import dev.imageingest.fetch.guard.GuardedAddressResolver;
import dev.imageingest.fetch.guard.Target;
import dev.imageingest.fetch.guard.TargetBlocked;
import dev.imageingest.fetch.guard.UrlGuard;
import dev.imageingest.fetch.politeness.Backoff;
import dev.imageingest.fetch.politeness.HostLimiter;
import dev.imageingest.fetch.politeness.HostPermit;
import dev.imageingest.model.FetchStatus;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@link ImageDownloader} on Jetty's non-blocking HTTP client, with the SSRF guard, the limits,
 * politeness and retries of the fetch settings. No thread is held per request; all waits (per-host
 * slot, rate, host backoff, byte budget, retry backoff) are scheduled, never slept.
 *
 * <p>Per image: the URL passes {@link UrlGuard}; the host's {@link HostLimiter} grants a slot;
 * Jetty connects only to addresses the {@link GuardedAddressResolver} checked; the {@link
 * ResponseCollector} enforces size and budget; redirects are followed by hand (each hop checked
 * again, at most {@code fetch.max-redirects}); transient failures are retried with full-jitter
 * backoff (at least the server's Retry-After) up to {@code fetch.max-attempts}. Everything,
 * including waits, stays within {@code fetch.total-timeout}: a retry that cannot start before the
 * deadline is not waited for, so no async slot is held idle for nothing.
 */
public final class JettyImageDownloader implements ImageDownloader {
    static final int DNS_THREADS = 32;

    private final FetchSettings settings;
    private final UrlGuard guard;
    private final Backoff backoff;
    private final HttpClient client;
    private final QueuedThreadPool pool;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService dnsExecutor;
    private final HostLimiter hosts;
    private final ByteBudget budget;
    private final Set<Job> active = ConcurrentHashMap.newKeySet();

    public JettyImageDownloader(FetchSettings settings) throws Exception {
        this(settings, DnsResolver.system(), new ClientConnector());
    }

    public JettyImageDownloader(FetchSettings settings, DnsResolver dns) throws Exception {
        this(settings, dns, new ClientConnector());
    }

    /** With a given DNS resolver and connector (tests observe connect attempts through it). */
    public JettyImageDownloader(FetchSettings settings, DnsResolver dns, ClientConnector connector)
            throws Exception {
        this.settings = settings;
        AddressPolicy policy = AddressPolicy.allowing(settings.allowList());
        this.guard = new UrlGuard(settings.allowedPorts(), policy);
        this.backoff = new Backoff(settings.retryBaseDelay(), settings.retryMaxDelay());
        this.budget = new ByteBudget(settings.inFlightBytes(), settings.maxBytes());
        ScheduledThreadPoolExecutor timer =
                new ScheduledThreadPoolExecutor(1, daemon("image-fetch-timer"));
        timer.setRemoveOnCancelPolicy(true); // a finished exchange's idle check goes at once
        this.scheduler = timer;
        // JDK lookups block and cannot be given a timeout: enough threads that a burst of dead
        // partner domains (each lookup can take seconds) does not delay every healthy host
        this.dnsExecutor = Executors.newFixedThreadPool(DNS_THREADS, daemon("image-dns"));
        this.hosts =
                new HostLimiter(
                        settings.perHostConcurrency(), settings.perHostRate(), backoff, scheduler);

        pool = new QueuedThreadPool(16, 2);
        pool.setName("image-http");
        pool.setDaemon(true);
        connector.setExecutor(pool);
        connector.setSslContextFactory(new SslContextFactory.Client());
        connector.setConnectTimeout(settings.connectTimeout());
        connector.setIdleTimeout(settings.idleTimeout());
        client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(pool);
        client.setSocketAddressResolver(new GuardedAddressResolver(dns, policy, dnsExecutor));
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        client.setIdleTimeout(settings.idleTimeout().toMillis());
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setMaxConnectionsPerDestination(settings.perHostConcurrency());
        client.setMaxRequestsQueuedPerDestination(Math.max(1024, settings.capacity() * 4));
        client.setDestinationIdleTimeout(60_000);
        client.setMaxResponseHeadersSize(64 * 1024);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, settings.userAgent()));
        client.start();
    }

    @Override
    public CompletableFuture<DownloadResult> download(String url) {
        Job job = new Job(url, System.nanoTime() + settings.totalTimeout().toNanos());
        active.add(job);
        try {
            job.start();
        } catch (RuntimeException e) {
            job.fail(FetchStatus.INTERNAL_ERROR, null, FailureClassifier.describe(e));
        }
        return job.out;
    }

    /** The in-flight byte budget (for metrics and tests). */
    public ByteBudget budget() {
        return budget;
    }

    /** The per-host limiter (for metrics and tests). */
    public HostLimiter hosts() {
        return hosts;
    }

    @Override
    public void close() throws Exception {
        try {
            client.stop();
        } finally {
            scheduler.shutdownNow();
            dnsExecutor.shutdownNow();
            for (Job job : active) {
                job.fail(FetchStatus.INTERNAL_ERROR, null, "downloader closed");
            }
        }
    }

    /** One image: attempts, each a chain of redirect hops. */
    private final class Job {
        final String url;
        final long deadlineNanos;
        final CompletableFuture<DownloadResult> out = new CompletableFuture<>();
        int attempts;
        int redirects;
        Target current;

        Job(String url, long deadlineNanos) {
            this.url = url;
            this.deadlineNanos = deadlineNanos;
        }

        void start() {
            try {
                current = guard.check(url);
            } catch (TargetBlocked b) {
                attempts = 1;
                fail(b.status(), null, b.getMessage());
                return;
            }
            attempt();
        }

        void attempt() {
            attempts++;
            hop();
        }

        void hop() {
            if (deadlineNanos - System.nanoTime() <= 0) {
                fail(FetchStatus.TIMEOUT, null, "total deadline passed");
                return;
            }
            hosts.acquire(current.host(), deadlineNanos)
                    .whenComplete(
                            (permit, error) -> {
                                if (error != null) {
                                    fail(
                                            FailureClassifier.forFailure(error),
                                            null,
                                            FailureClassifier.describe(error));
                                } else {
                                    send(permit);
                                }
                            });
        }

        void send(HostPermit permit) {
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (remainingMs <= 0) {
                permit.released();
                fail(FetchStatus.TIMEOUT, null, "total deadline passed");
                return;
            }
            try {
                Request request =
                        client.newRequest(current.host(), current.port())
                                .scheme(current.scheme())
                                .method(HttpMethod.GET)
                                .path(current.pathAndQuery())
                                .headers(h -> h.put(HttpHeader.ACCEPT, "image/*,*/*;q=0.5"))
                                .timeout(remainingMs, TimeUnit.MILLISECONDS)
                                // silence is watched by IdleWatch, which excuses budget waits
                                .idleTimeout(remainingMs, TimeUnit.MILLISECONDS);
                IdleWatch watch =
                        new IdleWatch(settings.idleTimeout().toMillis(), scheduler, request::abort);
                request.onRequestBegin(r -> watch.start());
                request.send(
                        new ResponseCollector(
                                settings.maxBytes(),
                                budget,
                                pool,
                                watch,
                                hop -> onHop(permit, hop)));
            } catch (RuntimeException e) {
                permit.released();
                fail(FetchStatus.INTERNAL_ERROR, null, FailureClassifier.describe(e));
            }
        }

        void onHop(HostPermit permit, HopResult hop) {
            tellHost(permit, hop);
            if (hop.isRedirect()) {
                if (redirects >= settings.maxRedirects()) {
                    fail(
                            FetchStatus.TOO_MANY_REDIRECTS,
                            hop.httpStatus(),
                            "more than " + settings.maxRedirects() + " redirects");
                    return;
                }
                redirects++;
                try {
                    current = guard.redirect(current, hop.location());
                } catch (TargetBlocked b) {
                    fail(
                            b.status(),
                            hop.httpStatus(),
                            "redirect to " + hop.location() + ": " + b.getMessage());
                    return;
                }
                hop();
                return;
            }
            if (hop.ok()) {
                finish(
                        DownloadResult.ok(
                                hop.body(), hop.httpStatus(), attempts, hop.reservation()));
                return;
            }
            if (hop.status().retryable() && attempts < settings.maxAttempts()) {
                Duration delay = backoff.delay(attempts);
                if (hop.retryAfter() != null) {
                    Duration asked = backoff.cap(hop.retryAfter());
                    delay = asked.compareTo(delay) > 0 ? asked : delay;
                }
                if (System.nanoTime() + delay.toNanos() - deadlineNanos < 0) {
                    try {
                        scheduler.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
                        return;
                    } catch (RejectedExecutionException e) {
                        // closing: report the last failure
                    }
                } else {
                    fail(
                            hop.status(),
                            hop.httpStatus(),
                            hop.error()
                                    + " (no time left for a retry after "
                                    + delay.toMillis()
                                    + " ms)");
                    return;
                }
            }
            fail(hop.status(), hop.httpStatus(), hop.error());
        }

        /** What this exchange says about the host, for its backoff. */
        void tellHost(HostPermit permit, HopResult hop) {
            if (hop.retryAfter() != null) {
                permit.throttled(hop.retryAfter());
            } else if (hop.status().retryable()) {
                permit.failed();
            } else if (hop.status() == FetchStatus.BLOCKED_ADDRESS
                    || hop.status() == FetchStatus.INVALID_URL
                    || hop.status() == FetchStatus.INTERNAL_ERROR) {
                permit.released();
            } else {
                permit.succeeded();
            }
        }

        void fail(FetchStatus status, Integer httpStatus, String error) {
            finish(DownloadResult.failure(status, httpStatus, Math.max(1, attempts), error));
        }

        void finish(DownloadResult result) {
            active.remove(this);
            if (!out.complete(result)) {
                result.release();
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
