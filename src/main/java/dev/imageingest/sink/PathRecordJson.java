package dev.imageingest.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.imageingest.model.PathRecord;
import dev.imageingest.model.TextFields;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The one place the path-record JSON columns are named. Each record becomes one JSON object
 * terminated by {@code \n} (JSONL), matching the Snowflake table for {@code COPY INTO ...
 * MATCH_BY_COLUMN_NAME}. Null fields are written as JSON null so every line has every column.
 *
 * <p>One JSON type per column: {@code bukken_id} is always a string (partners send {@code 12345} or
 * {@code "00123"}; the column is VARCHAR, and a string never loses leading zeros or digits past
 * 2^53 in a JSON reader); {@code error} is cut to {@link TextFields#MAX_ERROR_CHARS}; unpaired
 * surrogates (which UTF-8 cannot encode) become U+FFFD, so writing a record never throws.
 */
public final class PathRecordJson {
    public static final String RECORD_ID = "record_id";
    public static final String BUKKEN_ID = "bukken_id";
    public static final String IMAGE_TYPE = "image_type";
    public static final String URL = "url";
    public static final String STATUS = "status";
    public static final String S3_PATH = "s3_path";
    public static final String SHA256 = "sha256";
    public static final String CONTENT_TYPE = "content_type";
    public static final String SIZE_BYTES = "size_bytes";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String HTTP_STATUS = "http_status";
    public static final String ATTEMPTS = "attempts";
    public static final String ERROR = "error";
    public static final String PROCESSED_AT = "processed_at";

    private static final JsonFactory JSON = new JsonFactory();

    private PathRecordJson() {}

    /** One UTF-8 JSON line, newline-terminated. */
    public static byte[] toJsonLine(PathRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField(RECORD_ID, r.recordId());
            g.writeStringField(BUKKEN_ID, TextFields.wellFormed(r.bukkenId()));
            writeInt(g, IMAGE_TYPE, r.imageType());
            g.writeStringField(URL, TextFields.wellFormed(r.url()));
            g.writeStringField(STATUS, r.status().name());
            g.writeStringField(S3_PATH, r.s3Path());
            g.writeStringField(SHA256, r.sha256());
            g.writeStringField(CONTENT_TYPE, r.contentType());
            if (r.sizeBytes() == null) {
                g.writeNullField(SIZE_BYTES);
            } else {
                g.writeNumberField(SIZE_BYTES, r.sizeBytes());
            }
            writeInt(g, WIDTH, r.width());
            writeInt(g, HEIGHT, r.height());
            writeInt(g, HTTP_STATUS, r.httpStatus());
            writeInt(g, ATTEMPTS, r.attempts());
            g.writeStringField(ERROR, TextFields.cap(r.error(), TextFields.MAX_ERROR_CHARS));
            g.writeStringField(PROCESSED_AT, Instant.ofEpochMilli(r.processedAt()).toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeInt(JsonGenerator g, String name, Integer v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }
}
