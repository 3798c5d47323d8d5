package dev.imageingest.bench.endpoints;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;

/**
 * The path records that reached the Firehose endpoint, kept compactly for the end-of-run check (one
 * record per message, each OK record's object present with its size and hash) and for latencies:
 * per arrival, the time from the message's latest SQS receive to the record's {@code processed_at},
 * and to its arrival here. Thread-safe (one lock).
 */
final class DeliveredRecords {
    private static final JsonFactory JSON = new JsonFactory();

    /** One delivered line, reduced to what the check needs. */
    record Line(
            String recordId,
            long bukkenId,
            String status,
            String s3Path,
            String sha256,
            long size) {}

    private final LongUnaryOperator lastReceiveMillis;
    private final Map<Long, Line> byBukkenId = new HashMap<>();
    private final Map<String, Long> statuses = new TreeMap<>();
    private long lines;
    private long duplicates;
    private long unparsable;
    private long firstArrivalMillis;
    private long lastArrivalMillis;
    private int[] toProcessed = new int[1024];
    private int[] toArrival = new int[1024];
    private int latencies;

    DeliveredRecords(LongUnaryOperator lastReceiveMillis) {
        this.lastReceiveMillis = lastReceiveMillis;
    }

    /** Accepts one Firehose record (one JSON line, or several separated by newlines). */
    void accept(byte[] data) {
        long now = System.currentTimeMillis();
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == '\n') {
                if (i > start) {
                    acceptLine(data, start, i - start, now);
                }
                start = i + 1;
            }
        }
    }

    private void acceptLine(byte[] data, int off, int len, long now) {
        Line line;
        long processedAt;
        try (JsonParser p = JSON.createParser(data, off, len)) {
            String id = null, status = null, path = null, sha = null;
            long bukken = -1, size = -1;
            processedAt = 0;
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (f) {
                    case "record_id" -> id = p.getText();
                    case "bukken_id" ->
                            bukken =
                                    t == JsonToken.VALUE_NUMBER_INT
                                            ? p.getLongValue()
                                            : parseLong(p.getText());
                    case "status" -> status = p.getText();
                    case "s3_path" -> path = p.getText();
                    case "sha256" -> sha = p.getText();
                    case "size_bytes" -> size = p.getLongValue();
                    case "processed_at" -> processedAt = Instant.parse(p.getText()).toEpochMilli();
                    default -> p.skipChildren();
                }
            }
            line = new Line(id, bukken, status, path, sha, size);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                unparsable++;
            }
            return;
        }
        long received = line.bukkenId() < 0 ? 0 : lastReceiveMillis.applyAsLong(line.bukkenId());
        synchronized (this) {
            lines++;
            if (firstArrivalMillis == 0) {
                firstArrivalMillis = now;
            }
            lastArrivalMillis = now;
            statuses.merge(line.status() == null ? "null" : line.status(), 1L, Long::sum);
            if (byBukkenId.putIfAbsent(line.bukkenId(), line) != null) {
                duplicates++;
                return;
            }
            if (received > 0) {
                if (latencies == toProcessed.length) {
                    toProcessed = Arrays.copyOf(toProcessed, latencies * 2);
                    toArrival = Arrays.copyOf(toArrival, latencies * 2);
                }
                toProcessed[latencies] = (int) Math.max(0, processedAt - received);
                toArrival[latencies] = (int) Math.max(0, now - received);
                latencies++;
            }
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    synchronized long lines() {
        return lines;
    }

    /** Distinct messages (by bukken id) that have a record. */
    synchronized long distinct() {
        return byBukkenId.size();
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long unparsable() {
        return unparsable;
    }

    synchronized Map<String, Long> statuses() {
        return new TreeMap<>(statuses);
    }

    synchronized Line line(long bukkenId) {
        return byBukkenId.get(bukkenId);
    }

    synchronized Iterable<Line> all() {
        return java.util.List.copyOf(byBukkenId.values());
    }

    synchronized long[] arrivalSpanMillis() {
        return new long[] {firstArrivalMillis, lastArrivalMillis};
    }

    /**
     * Percentiles (ms) of receive-to-processed_at and receive-to-arrival over the first records to
     * arrive with ordinal in [from, to): {@code {p50, p90, p99, max}} each.
     */
    synchronized long[][] latencyPercentiles(int from, int to, double... percentiles) {
        int lo = Math.max(0, Math.min(from, latencies));
        int hi = Math.max(lo, Math.min(to, latencies));
        return new long[][] {
            percentiles(Arrays.copyOfRange(toProcessed, lo, hi), percentiles),
            percentiles(Arrays.copyOfRange(toArrival, lo, hi), percentiles)
        };
    }

    private static long[] percentiles(int[] values, double[] ps) {
        long[] out = new long[ps.length];
        if (values.length == 0) {
            return out;
        }
        Arrays.sort(values);
        for (int i = 0; i < ps.length; i++) {
            int idx = (int) Math.min(values.length - 1, Math.ceil(ps[i] * values.length) - 1);
            out[i] = values[Math.max(0, idx)];
        }
        return out;
    }
}
