package dev.imageingest.fetch.store.direct;

import java.io.IOException;
import java.util.Set;

/**
 * A PUT that S3 answered with an error, or that could not be sent: the HTTP status, S3's error
 * {@code Code} and {@code Message} from the XML body, and whether another attempt may succeed. The
 * message is what a STORE_FAILED record's {@code error} column shows.
 */
public final class S3PutFailure extends IOException {
    private static final long serialVersionUID = 1L;

    /** Error codes worth another attempt even though their status is 4xx (as the SDK retries). */
    private static final Set<String> RETRYABLE_CODES =
            Set.of(
                    "RequestTimeout",
                    "RequestTimeTooSkewed",
                    "RequestExpired",
                    "ExpiredToken",
                    "ExpiredTokenException",
                    "TokenRefreshRequired",
                    "SlowDown",
                    "Throttling",
                    "ThrottlingException",
                    "RequestThrottled",
                    "InternalError",
                    "ServiceUnavailable");

    private final int status;
    private final String code;
    private final boolean retryable;

    S3PutFailure(int status, String code, String message, String requestId) {
        super(describe(status, code, message, requestId));
        this.status = status;
        this.code = code;
        this.retryable =
                status == 429 || status >= 500 || (code != null && RETRYABLE_CODES.contains(code));
    }

    private static String describe(int status, String code, String message, String requestId) {
        StringBuilder b = new StringBuilder("S3 PutObject: HTTP ").append(status);
        if (code != null) {
            b.append(' ').append(code);
        }
        if (message != null && !message.isEmpty()) {
            b.append(": ").append(message);
        }
        if (requestId != null) {
            b.append(" (request id ").append(requestId).append(')');
        }
        return b.toString();
    }

    /** From an error response: {@code <Error><Code>..</Code><Message>..</Message></Error>}. */
    static S3PutFailure fromResponse(int status, String body, String requestId) {
        String code = element(body, "Code");
        String message = element(body, "Message");
        if (code == null && status == 503) {
            code = "SlowDown"; // HEAD-less 503s come without a body
        }
        return new S3PutFailure(status, code, message, requestId);
    }

    public int status() {
        return status;
    }

    /** S3's error code ({@code AccessDenied}, {@code SlowDown}, ...), or null. */
    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Is this a signature refused because our clock is off? (The retry corrects the clock.) */
    boolean clockSkew() {
        return "RequestTimeTooSkewed".equals(code) || "RequestExpired".equals(code);
    }

    /**
     * The text of the first {@code <name>} element, unescaped; null if absent. S3 error bodies are
     * small and flat, so a scan is enough (and cannot be made to resolve entities or DTDs).
     */
    static String element(String xml, String name) {
        if (xml == null) {
            return null;
        }
        String open = "<" + name + ">";
        int start = xml.indexOf(open);
        if (start < 0) {
            return null;
        }
        start += open.length();
        int end = xml.indexOf("</" + name + ">", start);
        if (end < 0) {
            return null;
        }
        String text = xml.substring(start, end).trim();
        if (text.length() > 500) {
            text = text.substring(0, 500) + "...";
        }
        return text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
