package dev.imageingest.fetch.http;

import dev.imageingest.fetch.FetchSettings;
import dev.imageingest.model.FetchStatus;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@link ImageDownloader} on Jetty's non-blocking HTTP client: no thread per request, the body is
 * streamed into a buffer that aborts the exchange as soon as it exceeds {@code fetch.max-bytes}
 * (after content decoding), and redirects are followed by hand so each hop is checked again.
 */
public final class JettyImageDownloader implements ImageDownloader {
    private final FetchSettings settings;
    private final HttpClient client;

    public JettyImageDownloader(FetchSettings settings) throws Exception {
        this.settings = settings;
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("image-http");
        pool.setDaemon(true);
        this.client = new HttpClient();
        client.setExecutor(pool);
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        client.setIdleTimeout(settings.idleTimeout().toMillis());
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(settings.perHostConcurrency());
        client.setMaxRequestsQueuedPerDestination(Math.max(1024, settings.capacity() * 4));
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, settings.userAgent()));
        client.start();
    }

    @Override
    public CompletableFuture<DownloadResult> download(String url) {
        CompletableFuture<DownloadResult> result = new CompletableFuture<>();
        try {
            long deadline = System.nanoTime() + settings.totalTimeout().toNanos();
            fetch(url, 0, deadline, result);
        } catch (RuntimeException e) {
            result.complete(
                    DownloadResult.failure(
                            FetchStatus.INTERNAL_ERROR, null, 1, FailureClassifier.describe(e)));
        }
        return result;
    }

    private void fetch(
            String url, int redirects, long deadlineNanos, CompletableFuture<DownloadResult> out) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            out.complete(DownloadResult.failure(FetchStatus.INVALID_URL, null, 1, e.getMessage()));
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            out.complete(
                    DownloadResult.failure(
                            FetchStatus.BLOCKED_SCHEME, null, 1, "scheme not allowed: " + scheme));
            return;
        }
        if (uri.getHost() == null) {
            out.complete(DownloadResult.failure(FetchStatus.INVALID_URL, null, 1, "no host"));
            return;
        }
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remainingMs <= 0) {
            out.complete(
                    DownloadResult.failure(FetchStatus.TIMEOUT, null, 1, "total deadline passed"));
            return;
        }
        BodyCollector collector = new BodyCollector(settings.maxBytes());
        client.newRequest(uri)
                .method(HttpMethod.GET)
                .timeout(remainingMs, TimeUnit.MILLISECONDS)
                .send(
                        new Response.Listener() {
                            @Override
                            public void onContent(Response response, ByteBuffer content) {
                                collector.append(response, content);
                            }

                            @Override
                            public void onComplete(Result r) {
                                handle(url, redirects, deadlineNanos, r, collector, out);
                            }
                        });
    }

    private void handle(
            String url,
            int redirects,
            long deadlineNanos,
            Result r,
            BodyCollector collector,
            CompletableFuture<DownloadResult> out) {
        Integer code = r.getResponse() == null ? null : r.getResponse().getStatus();
        if (r.isFailed()) {
            out.complete(
                    DownloadResult.failure(
                            FailureClassifier.forFailure(r.getFailure()),
                            code == null || code == 0 ? null : code,
                            1,
                            FailureClassifier.describe(r.getFailure())));
            return;
        }
        int status = code;
        String location = r.getResponse().getHeaders().get(HttpHeader.LOCATION);
        if (status >= 300 && status < 400 && location != null) {
            if (redirects >= settings.maxRedirects()) {
                out.complete(
                        DownloadResult.failure(
                                FetchStatus.TOO_MANY_REDIRECTS,
                                status,
                                1,
                                "more than " + settings.maxRedirects() + " redirects"));
                return;
            }
            String next;
            try {
                next = URI.create(url).resolve(location.trim()).toString();
            } catch (IllegalArgumentException e) {
                out.complete(
                        DownloadResult.failure(
                                FetchStatus.INVALID_URL, status, 1, "bad Location: " + location));
                return;
            }
            fetch(next, redirects + 1, deadlineNanos, out);
            return;
        }
        FetchStatus mapped = FailureClassifier.forHttpStatus(status);
        if (mapped != FetchStatus.OK) {
            out.complete(DownloadResult.failure(mapped, status, 1, "HTTP " + status));
            return;
        }
        byte[] body = collector.bytes();
        if (body.length == 0) {
            out.complete(DownloadResult.failure(FetchStatus.EMPTY_BODY, status, 1, "empty body"));
            return;
        }
        out.complete(DownloadResult.ok(body, status, 1));
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }

    /** Accumulates a body and aborts the exchange once it passes the byte limit. */
    private static final class BodyCollector {
        private final long maxBytes;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(16 * 1024);

        BodyCollector(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        void append(Response response, ByteBuffer content) {
            int n = content.remaining();
            if (buffer.size() + (long) n > maxBytes) {
                response.abort(
                        new DownloadAbort(
                                FetchStatus.TOO_LARGE, "body exceeds " + maxBytes + " bytes"));
                return;
            }
            byte[] chunk = new byte[n];
            content.get(chunk);
            buffer.write(chunk, 0, n);
        }

        byte[] bytes() {
            return buffer.toByteArray();
        }
    }
}
