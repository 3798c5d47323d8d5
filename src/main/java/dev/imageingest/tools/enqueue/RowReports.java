package dev.imageingest.tools.enqueue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.imageingest.tools.common.JsonlOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where rows that are not sent go. Failed rows (SQS refused them after all attempts) are written to
 * the failed file as the input message plus {@code row} and {@code error}, so the file can be fed
 * back to {@code enqueue --input}. Invalid rows are printed to stderr (the first {@value
 * #PRINTED_INVALID}) and, if configured, written to the invalid file with their raw fields.
 */
final class RowReports implements AutoCloseable {
    static final int PRINTED_INVALID = 20;
    private static final JsonFactory JSON = new JsonFactory();

    private final JsonlOutput failed;
    private final JsonlOutput invalid;
    private final PrintStream err;
    private final AtomicLong invalidPrinted = new AtomicLong();

    RowReports(JsonlOutput failed, JsonlOutput invalid, PrintStream err) {
        this.failed = failed;
        this.invalid = invalid;
        this.err = err;
    }

    void failed(OutboundMessage message, String reason) {
        String body = message.body();
        failed.write(
                body.substring(0, body.lastIndexOf('}'))
                        + ",\"row\":"
                        + message.rowNumber()
                        + ",\"error\":"
                        + quote(reason)
                        + "}");
    }

    void invalid(SourceRow row, String reason) {
        long n = invalidPrinted.incrementAndGet();
        if (n <= PRINTED_INVALID) {
            err.println("invalid row " + row.rowNumber() + ": " + reason);
        } else if (n == PRINTED_INVALID + 1) {
            err.println(
                    "(more invalid rows are counted but not printed"
                            + (invalid == null ? "; use --invalid-output to keep them)" : ")"));
        }
        if (invalid != null) {
            invalid.write(invalidLine(row, reason));
        }
    }

    private static String invalidLine(SourceRow row, String reason) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("row", row.rowNumber());
            g.writeStringField("error", reason);
            g.writeStringField("bukken_id", row.bukkenId());
            g.writeStringField("image_type", row.imageType());
            g.writeStringField("url", row.url());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String quote(String s) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeString(s == null ? "" : s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes buffered lines to disk ({@link JsonlOutput#sync}): called before each state write. */
    void sync() {
        failed.sync();
        if (invalid != null) {
            invalid.sync();
        }
    }

    long failedWritten() {
        return failed.lines();
    }

    @Override
    public void close() {
        failed.close();
        if (invalid != null) {
            invalid.close();
        }
    }
}
