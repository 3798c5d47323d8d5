package dev.imageingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.fetch.guard.DnsResolver;
import dev.imageingest.fetch.http.ByteBudget;
import dev.imageingest.fetch.http.DownloadResult;
import dev.imageingest.fetch.http.ImageDownloader;
import dev.imageingest.fetch.http.NettyImageDownloader;
import dev.imageingest.fetch.store.S3ImageStore;
import dev.imageingest.fetch.store.S3Settings;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.PathRecord;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} anywhere in the fetch path fails the element (so the task fails and the job
 * restarts from its checkpoint) instead of becoming an INTERNAL_ERROR record that would delete its
 * message; the body's share of the byte budget is released either way.
 */
class FetchImageFunctionErrorTest {
    static final byte[] JPEG = TestImages.jpeg(8, 8);
    static final ImageRequest REQUEST = new ImageRequest("rid", "http://img.test/a.jpg", "1", 1);

    final ByteBudget budget = new ByteBudget(1 << 20, 1 << 16);
    FetchImageFunction function;

    @AfterEach
    void close() throws Exception {
        if (function != null) {
            function.close();
        }
    }

    @Test
    void anErrorFromTheDownloaderFailsTheElement() throws Exception {
        open(() -> CompletableFuture.failedFuture(new OutOfMemoryError("Java heap space")), null);
        Outcome out = invoke();
        assertThat(out.error.get(5, TimeUnit.SECONDS)).isInstanceOf(OutOfMemoryError.class);
        assertThat(out.records).isNotDone();
    }

    @Test
    void anErrorThrownByTheStoreFailsTheElementAndReleasesTheBody() throws Exception {
        open(
                this::okDownload,
                (key, body, type, sha, timeout) -> {
                    throw new OutOfMemoryError("Java heap space");
                });
        Outcome out = invoke();
        assertThat(out.error.get(5, TimeUnit.SECONDS)).isInstanceOf(OutOfMemoryError.class);
        assertThat(out.records).isNotDone();
        assertThat(budget.used()).as("budget released").isZero();
    }

    @Test
    void anErrorInsideAFailedPutFailsTheElementAndReleasesTheBody() throws Exception {
        open(
                this::okDownload,
                (key, body, type, sha, timeout) ->
                        CompletableFuture.failedFuture(
                                new CompletionException(new StackOverflowError())));
        Outcome out = invoke();
        assertThat(out.error.get(5, TimeUnit.SECONDS)).isInstanceOf(StackOverflowError.class);
        assertThat(budget.used()).as("budget released").isZero();
    }

    @Test
    void anExceptionFromTheStoreIsStillAStoreFailedRecord() throws Exception {
        open(
                this::okDownload,
                (key, body, type, sha, timeout) ->
                        CompletableFuture.failedFuture(new IllegalStateException("S3 down")));
        Outcome out = invoke();
        PathRecord r = out.records.get(5, TimeUnit.SECONDS).iterator().next();
        assertThat(r.status()).isEqualTo(FetchStatus.STORE_FAILED);
        assertThat(out.error).isNotDone();
        assertThat(budget.used()).isZero();
    }

    /** The real downloader: an Error on its DNS thread reaches the caller as that Error. */
    @Test
    void theNettyDownloaderHandsAnErrorBackInsteadOfAStatus() throws Exception {
        TestFetchSettings s = new TestFetchSettings();
        s.allowList = java.util.List.of("img.test");
        DnsResolver dns =
                host -> {
                    throw new OutOfMemoryError("unable to create native thread");
                };
        try (NettyImageDownloader d = new NettyImageDownloader(s.build(), s.tls, dns)) {
            CompletableFuture<DownloadResult> f = d.download("http://img.test/a.jpg");
            assertThat(f).failsWithin(5, TimeUnit.SECONDS);
            assertThat(f.handle((r, e) -> e).get())
                    .isInstanceOf(OutOfMemoryError.class)
                    .hasMessage("unable to create native thread");
        }
    }

    private CompletableFuture<DownloadResult> okDownload() {
        ByteBudget.Reservation r = budget.reserve(JPEG.length).join();
        assertThat(budget.used()).isPositive();
        return CompletableFuture.completedFuture(DownloadResult.ok(JPEG, 200, 1, r));
    }

    private void open(
            Supplier<CompletableFuture<DownloadResult>> download, FetchImageFunction.ObjectPut put)
            throws Exception {
        S3Settings s3 =
                new S3Settings(
                        "images",
                        "img/",
                        "http://127.0.0.1:9",
                        true,
                        4,
                        dev.imageingest.localstack.LocalAws.settings());
        function =
                new FetchImageFunction(new TestFetchSettings().build(), s3) {
                    @Override
                    ImageDownloader newDownloader() {
                        return new ImageDownloader() {
                            @Override
                            public CompletableFuture<DownloadResult> download(String url) {
                                return download.get();
                            }

                            @Override
                            public void close() {}
                        };
                    }

                    @Override
                    ObjectPut newPut(S3ImageStore store) {
                        return put == null ? super.newPut(store) : put;
                    }
                };
        function.open(new Configuration());
    }

    private Outcome invoke() {
        Outcome out = new Outcome();
        function.asyncInvoke(REQUEST, out);
        return out;
    }

    /** A ResultFuture that remembers how it was completed. */
    static final class Outcome implements ResultFuture<PathRecord> {
        final CompletableFuture<Collection<PathRecord>> records = new CompletableFuture<>();
        final CompletableFuture<Throwable> error = new CompletableFuture<>();

        @Override
        public void complete(Collection<PathRecord> result) {
            records.complete(result);
        }

        @Override
        public void completeExceptionally(Throwable e) {
            error.complete(e);
        }
    }
}
