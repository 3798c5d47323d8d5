package dev.imageingest.tools.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imageingest.sink.PathRecordJson;

/**
 * One path record line as the job wrote it ({@link PathRecordJson} columns), kept as the parsed
 * JSON object so problem lines can carry it unchanged.
 *
 * @param origin where the line came from ({@code file:line} or {@code s3://bucket/key:line})
 */
public record AuditedRecord(String origin, ObjectNode json) {

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
}
