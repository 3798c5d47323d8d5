package dev.imageingest.fetch.store.direct;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
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

    /**
     * The signed request of one attempt: the body sent straight from the array (no copy), its
     * SHA-256 for S3 to verify, {@code UNSIGNED-PAYLOAD} signing (see {@link PutSigner}).
     *
     * @throws RuntimeException when signing fails (credentials that cannot be resolved, say)
     */
    DefaultFullHttpRequest request(S3Address address, PutSigner signer) {
        DefaultFullHttpRequest request =
                new DefaultFullHttpRequest(
                        HttpVersion.HTTP_1_1, HttpMethod.PUT, path, Unpooled.wrappedBuffer(body));
        HttpHeaders h = request.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        h.set(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
        h.set("x-amz-checksum-sha256", checksum);
        signer.sign(address, path, h);
        h.set(HttpHeaderNames.HOST, address.authority());
        return request;
    }

    TimeoutException timeout() {
        return new TimeoutException("S3 PUT: deadline passed after " + attempts + " attempts");
    }
}
