package dev.imageingest.tools.enqueue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * JSON lines in the job's input format ({@code {"URL": ..., "bukken_id": ..., "image_type": ...}},
 * {@code url} accepted too; other fields ignored, so the audit's and this tool's own failure files
 * can be fed back). Blank lines are skipped.
 */
public final class JsonlRowSource extends FileRowSource {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BufferedReader lines;
    private long rowNumber;

    public JsonlRowSource(Path path) throws IOException {
        super("jsonl", path);
        this.lines = new BufferedReader(file.reader(), 64 * 1024);
    }

    @Override
    public SourceRow next() throws IOException {
        String line;
        do {
            line = lines.readLine();
        } while (line != null && line.isBlank());
        if (line == null) {
            return null;
        }
        rowNumber++;
        return parse(rowNumber, line);
    }

    static SourceRow parse(long rowNumber, String line) {
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return SourceRow.unreadable(rowNumber, "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return SourceRow.unreadable(rowNumber, "not a JSON object");
        }
        JsonNode url = root.has("URL") ? root.get("URL") : root.get("url");
        return SourceRow.of(
                rowNumber, text(root.get("bukken_id")), text(root.get("image_type")), text(url));
    }

    /** Scalars as text (numbers in their JSON spelling); null, objects and arrays as null. */
    private static String text(JsonNode node) {
        return node == null || !node.isValueNode() || node.isNull() ? null : node.asText();
    }
}
