package dev.imageingest.bench.endpoints;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * S3, path-style: CreateBucket, HeadBucket, PutObject and HeadObject. An object is kept as its size
 * SHA-256 and MD5 only. Uploads may be plain or {@code aws-chunked} (with trailing checksums); the
 * checksums the SDK sends ({@code x-amz-checksum-sha256/crc32/crc32c}, as header or trailer, and
 * {@code Content-MD5}) are verified, a mismatch is a 400 BadDigest like S3's. The ETag is the MD5
 * when the client sent Content-MD5, else the first half of the SHA-256 (saving the endpoint an MD5
 * pass per object).
 */
final class S3Handler extends RequestHandler {
    private static final String LAST_MODIFIED = "Thu, 01 Jan 2026 00:00:00 GMT";

    /** What the endpoint keeps of an object. */
    record StoredObject(long size, byte[] sha256, byte[] md5, String contentType) {}

    private final Map<String, Map<String, StoredObject>> buckets = new ConcurrentHashMap<>();

    S3Handler(Counters counters) {
        super("s3", counters);
    }

    void createBucket(String name) {
        buckets.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    /** Objects of a bucket (live view), null if the bucket does not exist. */
    Map<String, StoredObject> objects(String bucket) {
        return buckets.get(bucket);
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        String path = new QueryStringDecoder(request.uri()).path();
        String rest = path.startsWith("/") ? path.substring(1) : path;
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : QueryStringDecoder.decodeComponent(rest.substring(slash + 1));
        HttpMethod method = request.method();
        FullHttpResponse r;
        if (key.isEmpty()) {
            r = bucketOp(method, bucket);
        } else if (method.equals(HttpMethod.PUT)) {
            r = put(bucket, key, request);
        } else if (method.equals(HttpMethod.HEAD)) {
            r = head(bucket, key, request.headers());
        } else {
            r = error(HttpResponseStatus.NOT_IMPLEMENTED, "NotImplemented", method + " on objects");
        }
        r.headers().set("x-amz-request-id", HttpReplies.requestId());
        HttpReplies.write(ctx, keepAlive, r);
    }

    private FullHttpResponse bucketOp(HttpMethod method, String bucket) {
        if (method.equals(HttpMethod.PUT)) {
            counters.inc("s3.CreateBucket");
            createBucket(bucket);
            FullHttpResponse r =
                    HttpReplies.response(HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER, null);
            r.headers().set(HttpHeaderNames.LOCATION, "/" + bucket);
            return r;
        }
        if (method.equals(HttpMethod.HEAD)) {
            counters.inc("s3.HeadBucket");
            HttpResponseStatus s =
                    buckets.containsKey(bucket)
                            ? HttpResponseStatus.OK
                            : HttpResponseStatus.NOT_FOUND;
            FullHttpResponse r = HttpReplies.response(s, Unpooled.EMPTY_BUFFER, null);
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            return r;
        }
        return error(HttpResponseStatus.NOT_IMPLEMENTED, "NotImplemented", method + " on buckets");
    }

    private FullHttpResponse put(String bucket, String key, FullHttpRequest request) {
        counters.inc("s3.PutObject");
        Map<String, StoredObject> objects = buckets.get(bucket);
        if (objects == null) {
            return error(HttpResponseStatus.NOT_FOUND, "NoSuchBucket", "no bucket " + bucket);
        }
        HttpHeaders h = request.headers();
        String contentSha = h.get("x-amz-content-sha256");
        List<ByteBuf> payload;
        long length;
        Map<String, String> trailers = Map.of();
        if (AwsChunked.applies(contentSha, h.get(HttpHeaderNames.CONTENT_ENCODING))) {
            AwsChunked.Decoded d;
            try {
                d = AwsChunked.decode(request.content());
            } catch (IllegalArgumentException e) {
                return error(HttpResponseStatus.BAD_REQUEST, "IncompleteBody", e.getMessage());
            }
            payload = d.slices();
            length = d.length();
            trailers = d.trailers();
            counters.inc("s3.aws-chunked-uploads");
            String decoded = h.get("x-amz-decoded-content-length");
            if (decoded != null && Long.parseLong(decoded) != length) {
                return error(
                        HttpResponseStatus.BAD_REQUEST,
                        "IncompleteBody",
                        "decoded length mismatch");
            }
        } else {
            payload = List.of(request.content());
            length = request.content().readableBytes();
        }
        // SHA-256 is what the endpoint keeps; MD5 only when the client sent Content-MD5 (the SDK
        // does not check an ETag against an MD5 when it sends a flexible checksum, as it does)
        MessageDigest sha = digest("SHA-256");
        MessageDigest md5 = h.contains("Content-MD5") ? digest("MD5") : null;
        for (ByteBuf b : payload) {
            for (ByteBuffer nio : b.nioBuffers()) {
                if (md5 != null) {
                    md5.update(nio.duplicate());
                }
                sha.update(nio);
            }
        }
        byte[] sha256 = sha.digest();
        byte[] md5Bytes = md5 != null ? md5.digest() : java.util.Arrays.copyOf(sha256, 16);
        String b64 = Base64.getEncoder().encodeToString(sha256);
        FullHttpResponse bad = verify(h, trailers, payload, b64, md5Bytes, sha256);
        if (bad != null) {
            counters.inc("s3.bad-digests");
            return bad;
        }
        StoredObject previous =
                objects.put(
                        key,
                        new StoredObject(
                                length, sha256, md5Bytes, h.get(HttpHeaderNames.CONTENT_TYPE)));
        if (previous != null) {
            counters.inc("s3.overwrites");
        }
        counters.add("s3.put-bytes", length);
        FullHttpResponse r =
                HttpReplies.response(HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER, null);
        r.headers().set(HttpHeaderNames.ETAG, "\"" + HexFormat.of().formatHex(md5Bytes) + "\"");
        if (h.contains("x-amz-checksum-sha256") || trailers.containsKey("x-amz-checksum-sha256")) {
            r.headers().set("x-amz-checksum-sha256", b64);
        }
        return r;
    }

    /** Checks every checksum the client sent; null when all match. */
    private static FullHttpResponse verify(
            HttpHeaders h,
            Map<String, String> trailers,
            List<ByteBuf> payload,
            String sha256B64,
            byte[] md5,
            byte[] sha256) {
        String contentSha = h.get("x-amz-content-sha256");
        if (contentSha != null
                && contentSha.matches("[0-9a-f]{64}")
                && !contentSha.equals(HexFormat.of().formatHex(sha256))) {
            return error(
                    HttpResponseStatus.BAD_REQUEST,
                    "XAmzContentSHA256Mismatch",
                    "payload hash mismatch");
        }
        String contentMd5 = h.get("Content-MD5");
        if (contentMd5 != null && !contentMd5.equals(Base64.getEncoder().encodeToString(md5))) {
            return error(HttpResponseStatus.BAD_REQUEST, "BadDigest", "Content-MD5 mismatch");
        }
        for (String alg : new String[] {"sha256", "crc32", "crc32c"}) {
            String name = "x-amz-checksum-" + alg;
            String sent = h.get(name) != null ? h.get(name) : trailers.get(name);
            if (sent == null) {
                continue;
            }
            String actual = alg.equals("sha256") ? sha256B64 : crc(alg, payload);
            if (!sent.equals(actual)) {
                return error(
                        HttpResponseStatus.BAD_REQUEST,
                        "BadDigest",
                        "The " + alg + " you specified did not match the calculated checksum.");
            }
        }
        return null;
    }

    private static String crc(String alg, List<ByteBuf> payload) {
        Checksum c = alg.equals("crc32") ? new CRC32() : new CRC32C();
        for (ByteBuf b : payload) {
            for (ByteBuffer nio : b.nioBuffers()) {
                c.update(nio);
            }
        }
        long v = c.getValue();
        byte[] four = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        return Base64.getEncoder().encodeToString(four);
    }

    private FullHttpResponse head(String bucket, String key, HttpHeaders h) {
        counters.inc("s3.HeadObject");
        Map<String, StoredObject> objects = buckets.get(bucket);
        StoredObject o = objects == null ? null : objects.get(key);
        if (o == null) {
            FullHttpResponse r =
                    HttpReplies.response(HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER, null);
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            return r;
        }
        FullHttpResponse r =
                HttpReplies.response(HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER, o.contentType());
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, o.size());
        r.headers().set(HttpHeaderNames.LAST_MODIFIED, LAST_MODIFIED);
        r.headers().set(HttpHeaderNames.ETAG, "\"" + HexFormat.of().formatHex(o.md5()) + "\"");
        if ("ENABLED".equalsIgnoreCase(h.get("x-amz-checksum-mode"))) {
            r.headers()
                    .set("x-amz-checksum-sha256", Base64.getEncoder().encodeToString(o.sha256()));
        }
        return r;
    }

    private static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        String xml =
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                        + code
                        + "</Code><Message>"
                        + message
                        + "</Message><RequestId>bench</RequestId></Error>";
        return HttpReplies.text(status, xml, "application/xml");
    }

    private static MessageDigest digest(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
