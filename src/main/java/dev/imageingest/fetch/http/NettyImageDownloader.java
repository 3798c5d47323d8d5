package dev.imageingest.fetch.http;

import dev.imageingest.backoff.Backoff;
import dev.imageingest.fetch.config.FetchSettings;
import dev.imageingest.fetch.guard.AddressPolicy;
import dev.imageingest.fetch.guard.CachingDnsResolver;
import dev.imageingest.fetch.guard.DnsResolver;
import dev.imageingest.fetch.guard.GuardedAddressResolver;
import dev.imageingest.fetch.guard.Target;
import dev.imageingest.fetch.guard.TargetBlocked;
import dev.imageingest.fetch.guard.UrlGuard;
import dev.imageingest.fetch.politeness.HostLimiter;
import dev.imageingest.fetch.politeness.HostPermit;
import dev.imageingest.fetch.tls.ClientTls;
import dev.imageingest.fetch.tls.TlsSettings;
import dev.imageingest.model.FetchStatus;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@link ImageDownloader} on Netty (already in the job jar through the AWS SDK; runs on Java 11),
 * with the SSRF guard, the limits, politeness and retries of the fetch settings. No thread is held
 * per request; all waits (per-host slot, rate, host backoff, byte budget, retry backoff) are
 * scheduled, never slept.
 *
 * <p>Per image: the URL passes {@link UrlGuard}; the host's {@link HostLimiter} grants a slot; a
 * kept-alive connection to the same origin is reused, or the {@link GuardedAddressResolver}
 * resolves and checks the host and the {@link ConnectionPool} connects only to those addresses
 * (https: SNI and certificate checked against the URL's host name, see {@link ClientTls}); the
 * {@link Exchange} enforces size, budget and the idle deadline; redirects are followed by hand
 * (each hop checked again, at most {@code fetch.max-redirects}); transient failures are retried
 * with full-jitter backoff (at least the server's Retry-After) up to {@code fetch.max-attempts}.
 * Everything, including waits, stays within {@code fetch.total-timeout}. The rules for redirects,
 * retries and host feedback are {@link HopPolicy}'s; a {@code Job} here only sequences the steps.
 */
public final class NettyImageDownloader implements ImageDownloader {
    /**
     * Blocking DNS lookups at once per downloader. Answers are cached ({@code
     * fetch.dns-cache-ttl}), so only first contacts with a host and expired entries need one.
     */
    static final int DNS_THREADS = 16;

    /** One event loop per downloader (per fetch subtask): enough for thousands of images/s. */
    static final int IO_THREADS = 1;

    private final FetchSettings settings;
    private final UrlGuard guard;
    private final HopPolicy policy;
    private final GuardedAddressResolver resolver;
    private final EventLoopGroup group;
    private final ConnectionPool pool;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService dnsExecutor;
    private final HostLimiter hosts;
    private final ByteBudget budget;
    private final Set<Job> active = ConcurrentHashMap.newKeySet();

    public NettyImageDownloader(FetchSettings settings, TlsSettings tls, DnsResolver dns) {
        this(settings, tls, dns, address -> {});
    }

    /** With an observer of every connect attempt (tests prove no denied address is dialled). */
    public NettyImageDownloader(
            FetchSettings settings,
            TlsSettings tls,
            DnsResolver dns,
            Consumer<InetSocketAddress> connectObserver) {
        this.settings = settings;
        AddressPolicy policy = AddressPolicy.allowing(settings.allowList());
        this.guard = new UrlGuard(settings.allowedPorts(), policy);
        Backoff backoff = new Backoff(settings.retryBaseDelay(), settings.retryMaxDelay());
        this.policy =
                new HopPolicy(guard, backoff, settings.maxRedirects(), settings.maxAttempts());
        this.budget = new ByteBudget(settings.inFlightBytes(), settings.maxBytes());
        ScheduledThreadPoolExecutor timer =
                new ScheduledThreadPoolExecutor(1, DownloaderThreads.daemon("image-fetch-timer"));
        timer.setRemoveOnCancelPolicy(true); // a finished exchange's checks go at once
        this.scheduler = timer;
        // JDK lookups block and cannot be given a timeout: enough threads that a burst of dead
        // partner domains (each lookup can take seconds) does not delay every healthy host
        this.dnsExecutor = DownloaderThreads.dnsPool(DNS_THREADS);
        DnsResolver lookups =
                settings.dnsCacheTtl().isZero()
                        ? dns
                        : new CachingDnsResolver(
                                dns, settings.dnsCacheTtl(), CachingDnsResolver.DEFAULT_MAX_HOSTS);
        this.resolver = new GuardedAddressResolver(lookups, policy, dnsExecutor);
        this.hosts =
                new HostLimiter(
                        settings.perHostConcurrency(),
                        settings.perHostMaxConcurrency(),
                        settings.perHostRate(),
                        backoff,
                        scheduler);
        this.group = new NioEventLoopGroup(IO_THREADS, DownloaderThreads.daemon("image-http"));
        this.pool =
                new ConnectionPool(
                        group, settings.connectTimeout(), new ClientTls(tls), connectObserver);
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

    /** Connections opened so far; with https, each is one full TLS handshake. */
    public long connectionsOpened() {
        return pool.opened();
    }

    /** Requests sent over a kept-alive connection. */
    public long connectionsReused() {
        return pool.reused();
    }

    /** Never blocks for long: the event loop and the timers stop in the background. */
    @Override
    public void close() {
        try {
            pool.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
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
                                if (FailureClassifier.fatal(error) != null) {
                                    active.remove(this);
                                    out.completeExceptionally(FailureClassifier.fatal(error));
                                } else if (error != null) {
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
            if (deadlineNanos - System.nanoTime() <= 0) {
                permit.released();
                fail(FetchStatus.TIMEOUT, null, "total deadline passed");
                return;
            }
            ConnectionPool.Origin origin =
                    new ConnectionPool.Origin(current.scheme(), current.host(), current.port());
            Channel reused = pool.pollIdle(origin);
            if (reused != null) {
                exchange(permit, origin, reused, true);
            } else {
                connectAndExchange(permit, origin);
            }
        }

        /** Resolve and check, connect (and handshake) within the deadline, then exchange. */
        void connectAndExchange(HostPermit permit, ConnectionPool.Origin origin) {
            long remainingNanos = deadlineNanos - System.nanoTime();
            AtomicBoolean decided = new AtomicBoolean();
            ScheduledFuture<?> timeout;
            try {
                timeout =
                        scheduler.schedule(
                                () -> {
                                    if (decided.compareAndSet(false, true)) {
                                        onHop(
                                                permit,
                                                HopResult.unanswered(
                                                        new TimeoutException(
                                                                "total deadline passed while"
                                                                        + " connecting")));
                                    }
                                },
                                Math.max(0, remainingNanos),
                                TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                permit.released();
                fail(FetchStatus.INTERNAL_ERROR, null, "downloader closed");
                return;
            }
            resolver.resolve(current.host())
                    .thenCompose(
                            addresses ->
                                    pool.connect(
                                            origin, addresses, settings.idleTimeout().toMillis()))
                    .whenComplete(
                            (channel, error) -> {
                                if (!decided.compareAndSet(false, true)) {
                                    if (channel != null) {
                                        channel.close(); // too late: the image has moved on
                                    }
                                    return;
                                }
                                timeout.cancel(false);
                                if (error != null) {
                                    onHop(permit, HopResult.unanswered(error));
                                } else {
                                    exchange(permit, origin, channel, false);
                                }
                            });
        }

        void exchange(
                HostPermit permit, ConnectionPool.Origin origin, Channel channel, boolean reused) {
            Exchange x =
                    new Exchange(
                            settings.maxBytes(),
                            budget,
                            settings.idleTimeout().toMillis(),
                            scheduler,
                            deadlineNanos,
                            reused,
                            (ch, reusable) -> pool.release(ch, origin, reusable),
                            hop -> {
                                if (hop.isStale()) {
                                    connectAndExchange(permit, origin);
                                } else {
                                    onHop(permit, hop);
                                }
                            });
            FullHttpRequest request = request(current);
            try {
                channel.eventLoop().execute(() -> x.start(channel, request));
            } catch (RejectedExecutionException e) {
                request.release();
                permit.released();
                fail(FetchStatus.INTERNAL_ERROR, null, "downloader closed");
            }
        }

        void onHop(HostPermit permit, HopResult hop) {
            HopPolicy.tellHost(permit, hop);
            if (hop.fatalError() != null) {
                active.remove(this);
                out.completeExceptionally(hop.fatalError());
                return;
            }
            if (hop.isRedirect()) {
                try {
                    current = policy.redirect(current, hop.location(), redirects);
                } catch (DownloadAbort refused) {
                    fail(refused.status(), hop.httpStatus(), refused.getMessage());
                    return;
                }
                redirects++;
                hop();
                return;
            }
            if (hop.ok()) {
                finish(
                        DownloadResult.ok(
                                hop.body(), hop.httpStatus(), attempts, hop.reservation()));
                return;
            }
            Duration delay = policy.retryDelay(hop, attempts);
            if (delay != null) {
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

    /** GET for the target: Host as in the URL, no Accept-Encoding (images are compressed). */
    private FullHttpRequest request(Target t) {
        FullHttpRequest r =
                new DefaultFullHttpRequest(
                        HttpVersion.HTTP_1_1,
                        HttpMethod.GET,
                        t.pathAndQuery(),
                        Unpooled.EMPTY_BUFFER);
        r.headers()
                .set(HttpHeaderNames.HOST, t.authority())
                .set(HttpHeaderNames.USER_AGENT, settings.userAgent())
                .set(HttpHeaderNames.ACCEPT, "image/*,*/*;q=0.5");
        return r;
    }
}
