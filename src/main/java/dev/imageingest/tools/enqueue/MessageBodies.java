package dev.imageingest.tools.enqueue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.imageingest.model.RecordIds;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns a {@link SourceRow} into the job's input message {@code {"URL": ..., "bukken_id": ...,
 * "image_type": ...}}, or says why it cannot be sent.
 *
 * <p>URL and bukken_id are sent <em>exactly as the source row has them</em>, surrounding blanks
 * included: the job records them as sent, and the default query's anti-join ({@code r.url = p.url
 * AND r.bukken_id = p.bukken_id}) only recognises an image as done when the recorded values equal
 * the source table's. Trimming here would make a padded row look new every day. (The job's
 * downloader strips its own copy of the URL before fetching.)
 *
 * <p>Rules: URL present, http(s) once stripped, at most 8192 characters, no whitespace or control
 * characters inside; bukken_id present, at most 256 characters, no control characters, written as a
 * JSON number when it is a canonical non-negative integer (no leading zero, at most 18 digits) and
 * as a string otherwise; image_type an integer (a decimal with a zero fraction, as databases
 * return, is accepted).
 */
public final class MessageBodies {
    static final int MAX_URL_LENGTH = 8192;
    static final int MAX_BUKKEN_ID_LENGTH = 256;
    private static final JsonFactory JSON = new JsonFactory();

    private MessageBodies() {}

    /** Either a message or the reason the row is invalid. */
    public interface Result {}

    public static final class Valid implements Result {
        private final OutboundMessage message;

        public Valid(OutboundMessage message) {
            this.message = message;
        }

        public OutboundMessage message() {
            return message;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Valid)) {
                return false;
            }
            Valid that = (Valid) o;
            return Objects.equals(message, that.message);
        }

        @Override
        public int hashCode() {
            return Objects.hash(message);
        }

        @Override
        public String toString() {
            return "Valid[message=" + message + "]";
        }
    }

    public static final class Invalid implements Result {
        private final long rowNumber;
        private final String reason;

        public Invalid(long rowNumber, String reason) {
            this.rowNumber = rowNumber;
            this.reason = reason;
        }

        public long rowNumber() {
            return rowNumber;
        }

        public String reason() {
            return reason;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Invalid)) {
                return false;
            }
            Invalid that = (Invalid) o;
            return rowNumber == that.rowNumber && Objects.equals(reason, that.reason);
        }

        @Override
        public int hashCode() {
            return Objects.hash(rowNumber, reason);
        }

        @Override
        public String toString() {
            return "Invalid[rowNumber=" + rowNumber + ", reason=" + reason + "]";
        }
    }

    public static Result build(SourceRow row) {
        if (row.error() != null) {
            return new Invalid(row.rowNumber(), row.error());
        }
        String url = blankToNull(row.url());
        if (url == null) {
            return new Invalid(row.rowNumber(), "missing URL");
        }
        String reason = urlProblem(url);
        if (reason != null) {
            return new Invalid(row.rowNumber(), reason);
        }
        String bukkenId = blankToNull(row.bukkenId());
        if (bukkenId == null) {
            return new Invalid(row.rowNumber(), "missing bukken_id");
        }
        if (bukkenId.length() > MAX_BUKKEN_ID_LENGTH || hasControl(bukkenId)) {
            return new Invalid(row.rowNumber(), "bad bukken_id: " + abbreviate(bukkenId));
        }
        String typeText = blankToNull(row.imageType());
        if (typeText == null) {
            return new Invalid(row.rowNumber(), "missing image_type");
        }
        Integer imageType = parseInt(typeText.strip());
        if (imageType == null) {
            return new Invalid(row.rowNumber(), "bad image_type: " + abbreviate(typeText));
        }
        return new Valid(
                new OutboundMessage(
                        row.rowNumber(),
                        body(url, bukkenId, imageType),
                        RecordIds.forImage(url, bukkenId, imageType),
                        bukkenId));
    }

    /** The JSON body; bukken_id numeric when canonical, else a string. */
    public static String body(String url, String bukkenId, int imageType) {
        StringWriter out = new StringWriter(url.length() + 64);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("URL", url);
            if (isCanonicalNumber(bukkenId)) {
                g.writeNumberField("bukken_id", Long.parseLong(bukkenId));
            } else {
                g.writeStringField("bukken_id", bukkenId);
            }
            g.writeNumberField("image_type", imageType);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** True for ids the enqueuer sends as JSON numbers (digits, no leading zero, at most 18). */
    public static boolean isCanonicalNumber(String s) {
        if (s.isEmpty() || s.length() > 18 || (s.length() > 1 && s.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String urlProblem(String sent) {
        if (sent.length() > MAX_URL_LENGTH) {
            return "URL longer than " + MAX_URL_LENGTH + " characters";
        }
        String url = sent.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return "URL is not http(s): " + abbreviate(url);
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return "URL contains whitespace or control characters: " + abbreviate(url);
            }
        }
        return null;
    }

    private static Integer parseInt(String text) {
        try {
            BigDecimal d = new BigDecimal(text);
            return d.stripTrailingZeros().scale() > 0 ? null : d.intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < ' ' || c == 0x7f);
    }

    /** The value unchanged, or null when it is missing or only blanks. */
    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
