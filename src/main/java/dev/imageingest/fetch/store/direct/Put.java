package dev.imageingest.fetch.store.direct;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/** One object's PUT across its attempts; used on the client's event loop only. */
final class Put {
    final String path;
    final byte[] body;
    final String contentType;
    final String checksum;
    final long deadline;
    final CompletableFuture<Void> result = new CompletableFuture<>();
    int attempts;
    io.netty.util.concurrent.ScheduledFuture<?> timer;

    Put(String path, byte[] body, String contentType, String checksum, long deadline) {
        this.path = path;
        this.body = body;
        this.contentType = contentType;
        this.checksum = checksum;
        this.deadline = deadline;
    }

    TimeoutException timeout() {
        return new TimeoutException("S3 PUT: deadline passed after " + attempts + " attempts");
    }
}
