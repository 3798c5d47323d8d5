package dev.imageingest.tools.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imageingest.sink.PathRecordJson;
import java.util.Objects;

/**
 * One path record line as the job wrote it ({@link PathRecordJson} columns), kept as the parsed
 * JSON object so problem lines can carry it unchanged.
 */
public final class AuditedRecord {
    /** where the line came from ({@code file:line} or {@code s3://bucket/key:line}) */
    private final String origin;

    private final ObjectNode json;

    public AuditedRecord(String origin, ObjectNode json) {
        this.origin = origin;
        this.json = json;
    }

    public String origin() {
        return origin;
    }

    public ObjectNode json() {
        return json;
    }

    public String status() {
        return text(PathRecordJson.STATUS);
    }

    public String s3Path() {
        return text(PathRecordJson.S3_PATH);
    }

    public String sha256() {
        return text(PathRecordJson.SHA256);
    }

    /** The recorded size, or null when absent. */
    public Long sizeBytes() {
        JsonNode size = json.get(PathRecordJson.SIZE_BYTES);
        return size != null && size.canConvertToLong() ? size.asLong() : null;
    }

    public boolean ok() {
        return "OK".equals(status());
    }

    private String text(String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AuditedRecord)) {
            return false;
        }
        AuditedRecord that = (AuditedRecord) o;
        return Objects.equals(origin, that.origin) && Objects.equals(json, that.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, json);
    }

    @Override
    public String toString() {
        return "AuditedRecord[origin=" + origin + ", json=" + json + "]";
    }
}
