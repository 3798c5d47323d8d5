package dev.imageingest.tools.enqueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imageingest.tools.common.ToolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The resume point of one source: {@code {"source": ..., "completed_rows": N, "updated_at": ...}},
 * meaning rows 1..N are finished. Written atomically (temp file + rename) so a crash leaves either
 * the old or the new state. A state file for a different source (another path, or another file
 * under the same path: see {@link RowSource#identity()}) is refused as a usage error.
 */
public final class StateFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path path;
    private final String source;

    public StateFile(Path path, String source) {
        this.path = path;
        this.source = source;
    }

    /** Rows already finished according to the file; 0 when it does not exist yet. */
    public long completedRows() {
        if (!Files.exists(path)) {
            return 0;
        }
        JsonNode state;
        try {
            state = MAPPER.readTree(path.toFile());
        } catch (IOException e) {
            throw new ToolException("cannot read state file " + path + ": " + e.getMessage(), e);
        }
        if (state == null || !state.path("completed_rows").canConvertToLong()) {
            throw new ToolException("state file " + path + " has no completed_rows");
        }
        String recorded = state.path("source").asText();
        if (!source.equals(recorded)) {
            throw ToolException.usage(
                    "state file "
                            + path
                            + " belongs to source '"
                            + recorded
                            + "', not '"
                            + source
                            + "'; use another --state-file or delete it");
        }
        return state.path("completed_rows").asLong();
    }

    public void write(long completedRows) {
        ObjectNode state = MAPPER.createObjectNode();
        state.put("source", source);
        state.put("completed_rows", completedRows);
        state.put("updated_at", Instant.now().toString());
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
            MAPPER.writeValue(tmp.toFile(), state);
            Files.move(
                    tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state file " + path, e);
        }
    }
}
