package dev.imageingest.bench.endpoints;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes the {@code aws-chunked} content encoding the SDK uses for streaming uploads ({@code
 * x-amz-content-sha256: STREAMING-...}): {@code <hex size>[;chunk-signature=..]\r\n<data>\r\n}
 * repeated, a zero-size chunk, then trailer lines such as {@code x-amz-checksum-crc32:<base64>} and
 * an empty line. Signatures are not verified (the endpoints do not check SigV4 at all).
 */
final class AwsChunked {
    /** The payload as slices of the request buffer (no copy) and the trailers, lower-cased. */
    record Decoded(List<ByteBuf> slices, long length, Map<String, String> trailers) {}

    private AwsChunked() {}

    static boolean applies(String contentSha256, String contentEncoding) {
        return (contentSha256 != null && contentSha256.startsWith("STREAMING-"))
                || (contentEncoding != null && contentEncoding.contains("aws-chunked"));
    }

    /** Throws IllegalArgumentException on a malformed body. */
    static Decoded decode(ByteBuf in) {
        ByteBuf b = in.duplicate();
        List<ByteBuf> slices = new ArrayList<>();
        long length = 0;
        while (true) {
            String header = line(b);
            int semi = header.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? header : header.substring(0, semi)).trim(), 16);
            if (size == 0) {
                break;
            }
            if (b.readableBytes() < size + 2) {
                throw new IllegalArgumentException("chunk of " + size + " bytes is truncated");
            }
            slices.add(b.readSlice(size));
            length += size;
            if (!line(b).isEmpty()) {
                throw new IllegalArgumentException("no CRLF after a chunk");
            }
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        while (b.isReadable()) {
            String t = line(b);
            if (t.isEmpty()) {
                break;
            }
            int colon = t.indexOf(':');
            if (colon > 0) {
                trailers.put(
                        t.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        t.substring(colon + 1).trim());
            }
        }
        return new Decoded(slices, length, trailers);
    }

    private static String line(ByteBuf b) {
        int start = b.readerIndex();
        int end = b.forEachByte(start, b.readableBytes(), v -> v != '\n');
        if (end < 0) {
            throw new IllegalArgumentException("unterminated line in aws-chunked body");
        }
        int stop = end > start && b.getByte(end - 1) == '\r' ? end - 1 : end;
        String s = b.toString(start, stop - start, StandardCharsets.US_ASCII);
        b.readerIndex(end + 1);
        return s;
    }
}
