package dev.imageingest.fetch;

import dev.imageingest.ack.HeldMessages;
import dev.imageingest.fetch.config.FetchSettings;
import dev.imageingest.fetch.guard.DnsResolver;
import dev.imageingest.fetch.http.DownloadResult;
import dev.imageingest.fetch.http.FailureClassifier;
import dev.imageingest.fetch.http.ImageDownloader;
import dev.imageingest.fetch.http.NettyImageDownloader;
import dev.imageingest.fetch.store.ContentKeys;
import dev.imageingest.fetch.store.S3ImageStore;
import dev.imageingest.fetch.store.S3Settings;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.PathRecord;
import dev.imageingest.model.RecordIds;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Downloads one image, validates it ({@link ImageValidator}: magic bytes, completeness, pixel
 * limit), stores it under its content key and emits its {@link PathRecord}. Nothing in {@link
 * #asyncInvoke} blocks: the download and the S3 put are async, and every path, including {@link
 * #timeout}, completes the {@link ResultFuture} with exactly one record, so no element is dropped
 * and no image fails the job; only an {@link Error} (e.g. out of memory) does, on purpose. The
 * body's share of the downloader's in-flight byte budget is released once its S3 put has completed
 * or failed (or the body was rejected).
 */
public class FetchImageFunction extends RichAsyncFunction<ImageRequest, PathRecord> {
    /** fetch subtasks open in this JVM, for the heap check */
    private static final AtomicInteger OPEN_IN_THIS_JVM = new AtomicInteger();

    private static final AtomicBoolean HEAP_WARNED = new AtomicBoolean();

    private final FetchSettings fetchSettings;
    private final S3Settings s3Settings;
    private final DnsResolver dns;

    private transient ImageDownloader downloader;
    private transient S3ImageStore store;
    private transient ObjectPut put;
    private transient boolean opened;
    private transient java.time.Duration storeTimeout;
    private transient org.apache.flink.metrics.Counter adopted;

    public FetchImageFunction(FetchSettings fetchSettings, S3Settings s3Settings) {
        this(fetchSettings, s3Settings, DnsResolver.system());
    }

    /** With a given DNS resolver (tests map names to loopback or metadata addresses). */
    public FetchImageFunction(FetchSettings fetchSettings, S3Settings s3Settings, DnsResolver dns) {
        this.fetchSettings = fetchSettings;
        this.s3Settings = s3Settings;
        this.dns = dns;
    }

    @Override
    public void open(Configuration parameters) throws Exception {
        warnIfHeapTooSmall();
        downloader = newDownloader();
        adopted = new org.apache.flink.metrics.SimpleCounter();
        // the production downloader; tests that inject another run without a runtime context
        if (downloader instanceof NettyImageDownloader) {
            registerMetrics((NettyImageDownloader) downloader);
        }
        store = new S3ImageStore(s3Settings);
        store.checkBucket(); // a missing or forbidden bucket fails here, in one line
        put = newPut(store);
        storeTimeout = storeTimeout(fetchSettings);
    }

    /**
     * {@code messagesAdopted}, and gauges under {@code fetch}: the byte budget in use and waiting
     * downloads, connections opened and reused, hosts tracked, and the busiest hosts as {@code
     * host=limit/inFlight/waiting/latencyMs/failures} (their adaptive concurrency at work).
     */
    private void registerMetrics(NettyImageDownloader d) {
        // restored elements taken over by a live reader (see asyncInvoke)
        getRuntimeContext().getMetricGroup().counter("messagesAdopted", adopted);
        org.apache.flink.metrics.MetricGroup g =
                getRuntimeContext().getMetricGroup().addGroup("fetch");
        g.gauge("budgetUsedBytes", (org.apache.flink.metrics.Gauge<Long>) () -> d.budget().used());
        g.gauge(
                "budgetWaiting",
                (org.apache.flink.metrics.Gauge<Integer>) () -> d.budget().waiting());
        g.gauge("connectionsOpened", (org.apache.flink.metrics.Gauge<Long>) d::connectionsOpened);
        g.gauge("connectionsReused", (org.apache.flink.metrics.Gauge<Long>) d::connectionsReused);
        g.gauge(
                "hostsTracked",
                (org.apache.flink.metrics.Gauge<Integer>) () -> d.hosts().trackedHosts());
        g.gauge(
                "topHosts",
                (org.apache.flink.metrics.Gauge<String>) () -> d.hosts().describeTop(5));
    }

    /**
     * Does the byte budget of every fetch subtask open in this JVM (a TaskManager runs one per
     * slot) fit its heap? Warned once per JVM; on Managed Flink only the TaskManager can tell.
     */
    private void warnIfHeapTooSmall() {
        int open = OPEN_IN_THIS_JVM.incrementAndGet();
        opened = true;
        Optional<String> warning =
                FetchMemory.checkThisJvm(open, new MemorySize(fetchSettings.inFlightBytes()));
        if (warning.isPresent() && HEAP_WARNED.compareAndSet(false, true)) {
            FetchMemory.warn(warning);
        }
    }

    /** The downloader of this subtask (tests substitute one that fails in ways HTTP cannot). */
    ImageDownloader newDownloader() {
        return new NettyImageDownloader(fetchSettings, fetchSettings.tls(), dns);
    }

    /** The S3 put (tests substitute one that throws an {@link Error}, which S3 cannot). */
    ObjectPut newPut(S3ImageStore s3) {
        return s3::put;
    }

    /** Stores one object; completes with its {@code s3://} path. */
    interface ObjectPut {
        CompletableFuture<String> put(
                String key,
                byte[] body,
                String contentType,
                byte[] sha256,
                java.time.Duration timeout);
    }

    /**
     * Every outcome about the image completes {@code resultFuture} with one record. An {@link
     * Error} (out of memory, stack overflow), in this thread or from the downloader or the store,
     * never does: it completes the future exceptionally, which fails the task, so the job restarts
     * from its checkpoint and the message comes back (thrown synchronously, it fails the task the
     * same way). The body's budget is released either way.
     */
    @Override
    public void asyncInvoke(ImageRequest request, ResultFuture<PathRecord> resultFuture) {
        // an element restored from a checkpoint or savepoint lost the reader that kept its message
        // invisible; a live reader of its queue takes it over, so it does not reappear meanwhile
        if (request.receipt() != null && HeldMessages.adopt(request.receipt())) {
            adopted.inc();
        }
        CompletableFuture<PathRecord> record;
        try {
            record =
                    downloader
                            .download(request.url())
                            .thenCompose(
                                    d -> {
                                        CompletableFuture<PathRecord> stored;
                                        try {
                                            stored = store(request, d);
                                        } catch (Throwable e) {
                                            // even an Error (e.g. OOM) must give the body's
                                            // budget back, or the operator slowly starves
                                            stored = CompletableFuture.failedFuture(e);
                                        }
                                        return stored.whenComplete((r, e) -> d.release());
                                    });
        } catch (RuntimeException e) {
            record = CompletableFuture.failedFuture(e);
        }
        record.whenComplete(
                (r, error) -> {
                    Error fatal = FailureClassifier.fatal(error);
                    if (fatal != null) {
                        resultFuture.completeExceptionally(fatal);
                        return;
                    }
                    resultFuture.complete(
                            List.of(
                                    withReceipt(
                                            r != null
                                                    ? r
                                                    : PathRecord.failure(
                                                            request,
                                                            FetchStatus.INTERNAL_ERROR,
                                                            null,
                                                            0,
                                                            FailureClassifier.describe(error),
                                                            System.currentTimeMillis()),
                                            request)));
                });
    }

    /** The record carries its message's receipt on to the sink, which deletes the message. */
    private static PathRecord withReceipt(PathRecord record, ImageRequest request) {
        record.setReceipt(request.receipt());
        return record;
    }

    /** Validates a download and stores it; failures become records, never exceptions. */
    private CompletableFuture<PathRecord> store(ImageRequest request, DownloadResult download) {
        long now = System.currentTimeMillis();
        if (!download.ok()) {
            return CompletableFuture.completedFuture(
                    PathRecord.failure(
                            request,
                            download.status(),
                            download.httpStatus(),
                            download.attempts(),
                            download.error(),
                            now));
        }
        byte[] body = download.body();
        ImageValidator.Verdict verdict = ImageValidator.validate(body, fetchSettings.maxPixels());
        if (!verdict.ok()) {
            return CompletableFuture.completedFuture(
                    PathRecord.failure(
                            request,
                            verdict.status(),
                            download.httpStatus(),
                            download.attempts(),
                            verdict.error(),
                            now));
        }
        byte[] digest = RecordIds.Hashing.sha256(body);
        String sha256 = RecordIds.Hashing.hex(digest);
        ImageFormat f = verdict.format();
        String key = ContentKeys.imageKey(s3Settings.keyPrefix(), sha256, f.extension());
        return put.put(key, body, f.contentType(), digest, storeTimeout)
                .handle(
                        (s3Path, error) ->
                                rethrowFatal(error) == null
                                        ? new PathRecord(
                                                request.recordId(),
                                                request.bukkenId(),
                                                request.imageType(),
                                                request.url(),
                                                FetchStatus.OK,
                                                s3Path,
                                                sha256,
                                                f.contentType(),
                                                (long) body.length,
                                                verdict.width(),
                                                verdict.height(),
                                                download.httpStatus(),
                                                download.attempts(),
                                                null,
                                                System.currentTimeMillis())
                                        : PathRecord.failure(
                                                request,
                                                FetchStatus.STORE_FAILED,
                                                download.httpStatus(),
                                                download.attempts(),
                                                FailureClassifier.describe(error),
                                                System.currentTimeMillis()));
    }

    /** An {@link Error} behind a failed put is rethrown (it fails the task), not a STORE_FAILED. */
    private static Throwable rethrowFatal(Throwable error) {
        Error fatal = FailureClassifier.fatal(error);
        if (fatal != null) {
            throw fatal;
        }
        return error;
    }

    /**
     * Deadline of one S3 put (SDK retries included): what the operator timeout leaves after the
     * download's total deadline, so a slow S3 ends as STORE_FAILED and frees its budget before the
     * operator timeout would give up on the element.
     */
    static java.time.Duration storeTimeout(FetchSettings settings) {
        java.time.Duration left = settings.operatorTimeout().minus(settings.totalTimeout());
        return left.compareTo(java.time.Duration.ofSeconds(2)) > 0 ? left.minusSeconds(1) : left;
    }

    /** The element ran past the operator timeout: emit it as a failure rather than drop it. */
    @Override
    public void timeout(ImageRequest request, ResultFuture<PathRecord> resultFuture) {
        resultFuture.complete(
                List.of(
                        PathRecord.failure(
                                request,
                                FetchStatus.OPERATOR_TIMEOUT,
                                null,
                                0,
                                "no result within " + fetchSettings.operatorTimeout(),
                                System.currentTimeMillis())));
    }

    @Override
    public void close() throws Exception {
        if (opened) {
            opened = false;
            OPEN_IN_THIS_JVM.decrementAndGet();
        }
        try {
            if (downloader != null) {
                downloader.close();
            }
        } finally {
            // even when the downloader's close fails: the S3 client owns SDK executors
            if (store != null) {
                store.close();
            }
        }
    }
}
