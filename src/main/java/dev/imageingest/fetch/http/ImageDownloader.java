package dev.imageingest.fetch.http;

import java.util.concurrent.CompletableFuture;

/**
 * Downloads image bytes without blocking the caller. One instance per fetch subtask (it owns its
 * connection pools and threads); {@link #close()} releases them.
 *
 * <p>Contract: the returned future <b>never completes exceptionally</b> and always completes within
 * the configured total deadline: every outcome, including unexpected errors, is a {@link
 * DownloadResult} with a named status.
 */
public interface ImageDownloader extends AutoCloseable {

    CompletableFuture<DownloadResult> download(String url);

    @Override
    void close() throws Exception;
}
