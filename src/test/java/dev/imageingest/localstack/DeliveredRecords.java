package dev.imageingest.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.sink.PathRecordJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tally of delivered JSONL path records, de-duplicated by {@code record_id} (replays after a
 * restart may deliver a record twice): status per record, distinct stored images and their bytes.
 */
public final class DeliveredRecords {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final int lines;
    private final Map<String, FetchStatus> statusById = new HashMap<>();
    private final Set<String> conflicting = new HashSet<>();
    private final Map<String, Long> okBytesBySha = new HashMap<>();
    private final Set<String> httpsOkIds = new HashSet<>();
    private long firstOkAt = Long.MAX_VALUE;
    private long lastOkAt = Long.MIN_VALUE;

    private DeliveredRecords(List<String> jsonLines) {
        this.lines = jsonLines.size();
        for (String line : jsonLines) {
            add(line);
        }
    }

    /** Parses every line; a line that is not a path record fails loudly. */
    public static DeliveredRecords of(List<String> jsonLines) {
        return new DeliveredRecords(jsonLines);
    }

    private void add(String line) {
        JsonNode r;
        try {
            r = MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("delivered line is not JSON: " + line, e);
        }
        String id = r.path(PathRecordJson.RECORD_ID).asText(null);
        FetchStatus status = FetchStatus.valueOf(r.path(PathRecordJson.STATUS).asText());
        if (id == null) {
            throw new IllegalStateException("delivered line without record_id: " + line);
        }
        FetchStatus before = statusById.putIfAbsent(id, status);
        if (before != null && before != status) {
            conflicting.add(id);
        }
        if (status == FetchStatus.OK
                && r.path(PathRecordJson.URL).asText().startsWith("https://")) {
            httpsOkIds.add(id);
        }
        if (status == FetchStatus.OK) {
            okBytesBySha.put(
                    r.path(PathRecordJson.SHA256).asText(),
                    r.path(PathRecordJson.SIZE_BYTES).asLong());
            long at =
                    java.time.Instant.parse(r.path(PathRecordJson.PROCESSED_AT).asText())
                            .toEpochMilli();
            firstOkAt = Math.min(firstOkAt, at);
            lastOkAt = Math.max(lastOkAt, at);
        }
    }

    /** Distinct OK records whose URL is https (verified against the stack's CA). */
    public int httpsOk() {
        return httpsOkIds.size();
    }

    /** Lines read, duplicates included. */
    public int lines() {
        return lines;
    }

    /** Distinct records. */
    public int records() {
        return statusById.size();
    }

    public Map<String, FetchStatus> statusById() {
        return statusById;
    }

    /** Records delivered more than once with different statuses. */
    public Set<String> conflicting() {
        return conflicting;
    }

    public long ok() {
        return statusById.values().stream().filter(s -> s == FetchStatus.OK).count();
    }

    public long failed() {
        return records() - ok();
    }

    /** Distinct stored images (by sha256). */
    public int distinctImages() {
        return okBytesBySha.size();
    }

    /** Bytes of the distinct stored images. */
    public long imageBytes() {
        return okBytesBySha.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Failure count per status, in status order. */
    public Map<FetchStatus, Long> failuresByStatus() {
        Map<FetchStatus, Long> out = new EnumMap<>(FetchStatus.class);
        statusById.values().stream()
                .filter(s -> s != FetchStatus.OK)
                .forEach(s -> out.merge(s, 1L, Long::sum));
        return out;
    }

    /**
     * Milliseconds between the first and the last {@code processed_at} of an OK record (the time
     * spent storing images, without the retry tail of transient failures); 0 if none.
     */
    public long storingSpanMillis() {
        return firstOkAt > lastOkAt ? 0 : lastOkAt - firstOkAt;
    }

    /** Failure counts rendered as {@code HTTP_404 12, HTTP_410 9}. */
    public String failureSummary() {
        StringBuilder b = new StringBuilder();
        failuresByStatus()
                .forEach(
                        (s, n) ->
                                b.append(b.isEmpty() ? "" : ", ").append(s).append(' ').append(n));
        return b.isEmpty() ? "none" : b.toString();
    }
}
