package dev.imageingest.fetch.http;

import dev.imageingest.fetch.guard.WebUrls;
import dev.imageingest.fetch.politeness.RetryAfter;
import dev.imageingest.model.FetchStatus;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;

/**
 * What the status line and headers of a final (non-1xx) response decide, apart from the I/O of the
 * {@link Exchange} that reads it: which heads are refused before any body byte is read (too many
 * headers, an unknown {@code Content-Encoding}, a declared {@code Content-Length} above {@code
 * fetch.max-bytes}), how the 2xx body is decoded and budgeted, and what a complete response means
 * for the image ({@link #outcome}: a redirect to follow, a failure with its status and Retry-After,
 * or the body). Kept apart so the exchange holds only its event-loop state machine, and these rules
 * read in one place. Stateless; the checks throw {@link DownloadAbort}, which the exchange reports.
 */
final class ResponseHeads {
    /** Most response headers accepted; more is a {@code BAD_RESPONSE}. */
    static final int MAX_HEADERS = 256;

    private ResponseHeads() {}

    /** Refuses a head with more than {@link #MAX_HEADERS} headers. */
    static void checkCount(HttpHeaders headers) throws DownloadAbort {
        if (headers.size() > MAX_HEADERS) {
            // the codec bounds the header bytes (64 KB), not their number: thousands of tiny
            // headers cost a map entry each, on every retry, and no image host sends them
            throw new DownloadAbort(
                    FetchStatus.BAD_RESPONSE,
                    headers.size() + " response headers, more than " + MAX_HEADERS);
        }
    }

    /** The decoder of a 2xx body's {@code Content-Encoding}; an unsupported one is refused. */
    static BodyDecoder decoder(HttpHeaders headers) throws DownloadAbort {
        String coding = headers.get(HttpHeaderNames.CONTENT_ENCODING);
        BodyDecoder decoder = BodyDecoder.forEncoding(coding);
        if (decoder == null) {
            throw new DownloadAbort(
                    FetchStatus.BAD_RESPONSE, "unsupported Content-Encoding " + coding);
        }
        return decoder;
    }

    /**
     * The budgeted buffer of a 2xx body, sized by its declared length (a malformed one counts as
     * undeclared); a declared length above {@code maxBytes} is refused before anything is read.
     */
    static BudgetedBody body(HttpHeaders headers, long maxBytes, ByteBudget budget)
            throws DownloadAbort {
        String coding = headers.get(HttpHeaderNames.CONTENT_ENCODING);
        boolean encoded = coding != null && !coding.trim().equalsIgnoreCase("identity");
        long declaredLength = -1;
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null) {
            try {
                declaredLength = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declaredLength = -1;
            }
        }
        if (declaredLength > maxBytes) {
            throw new DownloadAbort(
                    FetchStatus.TOO_LARGE,
                    "Content-Length " + declaredLength + " exceeds " + maxBytes + " bytes");
        }
        return new BudgetedBody(maxBytes, budget, declaredLength, encoded);
    }

    /**
     * What a complete response means: a redirect (3xx but 304, with a Location), a failure mapped
     * from the status (with the server's Retry-After on 429 and 503), an empty body, or the image.
     *
     * @param body the 2xx body, or null
     */
    static HopResult outcome(int code, HttpHeaders headers, BudgetedBody body) {
        // Netty reads header bytes as ISO-8859-1; a raw UTF-8 Location is read again as UTF-8
        String location = WebUrls.headerAsUtf8(headers.get(HttpHeaderNames.LOCATION));
        if (code >= 300 && code < 400 && code != 304 && location != null && !location.isBlank()) {
            return HopResult.redirect(code, location);
        }
        FetchStatus mapped = FailureClassifier.forHttpStatus(code);
        if (mapped != FetchStatus.OK) {
            Duration retryAfter =
                    code == 429 || code == 503
                            ? RetryAfter.parse(
                                            headers.get(HttpHeaderNames.RETRY_AFTER), Instant.now())
                                    .orElse(null)
                            : null;
            return HopResult.failure(mapped, code, "HTTP " + code, retryAfter);
        }
        if (body == null || body.size() == 0) {
            return HopResult.failure(FetchStatus.EMPTY_BODY, code, "empty body", null);
        }
        return body.complete(code);
    }
}
