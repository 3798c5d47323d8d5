package dev.imageingest.fetch.http;

import java.util.concurrent.CompletableFuture;

/**
 * Downloads image bytes without blocking the caller. One instance per fetch subtask (it owns its
 * connection pools and threads); {@link #close()} releases them.
 *
 * <p>Contract: the returned future always completes within the configured total deadline, and every
 * outcome, including unexpected exceptions, is a {@link DownloadResult} with a named status. The
 * one exception: a {@link Error} (out of memory, stack overflow) completes it exceptionally with
 * that error, so the caller fails the task rather than write a record about the image.
 */
public interface ImageDownloader extends AutoCloseable {

    CompletableFuture<DownloadResult> download(String url);

    @Override
    void close() throws Exception;
}
