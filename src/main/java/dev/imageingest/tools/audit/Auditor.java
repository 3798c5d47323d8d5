package dev.imageingest.tools.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imageingest.sink.PathRecordJson;
import dev.imageingest.tools.common.JsonlOutput;
import dev.imageingest.tools.common.ProgressLine;
import dev.imageingest.tools.enqueue.MessageBodies;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads path records and checks every OK record's object with at most {@code concurrency} checks in
 * flight. Problems are written to the output as JSONL, in one of two shapes:
 *
 * <ul>
 *   <li>{@link OutputFormat#MESSAGE}: the job's input message ({@code URL}, {@code bukken_id},
 *       {@code image_type}) plus {@code problem}, {@code detail}, {@code record_id}, {@code
 *       s3_path}: ready for {@code enqueue --input} (extra fields are ignored);
 *   <li>{@link OutputFormat#RECORD}: the path record unchanged plus {@code audit_problem} and
 *       {@code audit_detail}.
 * </ul>
 */
public final class Auditor {
    static final int PRINTED_UNREADABLE = 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Shape of the problem lines. */
    public enum OutputFormat {
        MESSAGE,
        RECORD
    }

    private final ObjectChecker checker;
    private final int concurrency;
    private final JsonlOutput output;
    private final OutputFormat format;
    private final boolean progress;
    private final PrintStream err;
    private final AuditStats stats = new AuditStats();
    private final AtomicLong inFlight = new AtomicLong();

    public Auditor(
            ObjectChecker checker,
            int concurrency,
            JsonlOutput output,
            OutputFormat format,
            boolean progress,
            PrintStream err) {
        this.checker = checker;
        this.concurrency = concurrency;
        this.output = output;
        this.format = format;
        this.progress = progress;
        this.err = err;
    }

    /** Reads every line, checks every OK record, and waits for the last check. */
    public AuditStats run(RecordLines lines) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Semaphore slots = new Semaphore(concurrency);
        try (ProgressLine line =
                new ProgressLine(
                        err,
                        progress ? Duration.ofSeconds(1) : Duration.ZERO,
                        () -> line(lines, System.nanoTime() - start))) {
            RecordLines.Line next;
            while ((next = lines.next()) != null) {
                AuditedRecord record = parse(next);
                if (record == null) {
                    continue;
                }
                stats.records.increment();
                stats.status(record.status());
                if (!record.ok()) {
                    continue;
                }
                slots.acquire();
                inFlight.incrementAndGet();
                checker.check(record)
                        .whenComplete(
                                (result, error) -> {
                                    try {
                                        record(record, result, error);
                                    } finally {
                                        inFlight.decrementAndGet();
                                        slots.release();
                                    }
                                });
            }
            slots.acquire(concurrency);
            slots.release(concurrency);
        }
        err.println(line(lines, System.nanoTime() - start));
        return stats;
    }

    private AuditedRecord parse(RecordLines.Line line) {
        try {
            JsonNode node = MAPPER.readTree(line.text());
            if (node instanceof ObjectNode) {
                return new AuditedRecord(
                        line.origin() + ":" + line.lineNumber(), (ObjectNode) node);
            }
            unreadable(line, "not a JSON object");
        } catch (JsonProcessingException e) {
            unreadable(line, "not JSON: " + e.getOriginalMessage());
        }
        return null;
    }

    private void unreadable(RecordLines.Line line, String reason) {
        stats.unreadable.increment();
        if (stats.unreadable() <= PRINTED_UNREADABLE) {
            err.println(
                    "unreadable line " + line.origin() + ":" + line.lineNumber() + ": " + reason);
        }
    }

    private void record(AuditedRecord record, CheckResult result, Throwable error) {
        stats.checked.increment();
        if (error != null) {
            result = CheckResult.problem(Problem.CHECK_FAILED, error.toString());
        }
        if (result.problem() == null) {
            stats.present.increment();
            return;
        }
        stats.problem(result.problem());
        output.write(problemLine(record, result));
    }

    /**
     * Records always carry bukken_id as a string; the message repeats it the way the enqueuer sends
     * it (a number when canonical), so a re-enqueued image keeps its record id.
     */
    private static JsonNode messageBukkenId(JsonNode id) {
        if (id != null && id.isTextual() && MessageBodies.isCanonicalNumber(id.asText())) {
            return MAPPER.getNodeFactory().numberNode(Long.parseLong(id.asText()));
        }
        return id;
    }

    private String problemLine(AuditedRecord record, CheckResult result) {
        ObjectNode json = record.json();
        ObjectNode line;
        if (format == OutputFormat.RECORD) {
            line = json.deepCopy();
            line.put("audit_problem", result.problem().name());
            line.put("audit_detail", result.detail());
        } else {
            line = MAPPER.createObjectNode();
            line.set("URL", json.get(PathRecordJson.URL));
            line.set("bukken_id", messageBukkenId(json.get(PathRecordJson.BUKKEN_ID)));
            line.set("image_type", json.get(PathRecordJson.IMAGE_TYPE));
            line.put("problem", result.problem().name());
            line.put("detail", result.detail());
            line.set("record_id", json.get(PathRecordJson.RECORD_ID));
            line.set("s3_path", json.get(PathRecordJson.S3_PATH));
        }
        try {
            return MAPPER.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String line(RecordLines lines, long elapsed) {
        return String.format(
                "audit: records=%d checked=%d present=%d missing=%d size-mismatch=%d"
                        + " hash-mismatch=%d check-failed=%d unreadable=%d in-flight=%d"
                        + " rate=%.0f/s%s",
                stats.records(),
                stats.checked(),
                stats.present(),
                stats.count(Problem.MISSING),
                stats.count(Problem.SIZE_MISMATCH),
                stats.count(Problem.HASH_MISMATCH),
                stats.count(Problem.CHECK_FAILED),
                stats.unreadable(),
                inFlight.get(),
                ProgressLine.rate(stats.checked(), elapsed),
                ProgressLine.eta(lines.fractionRead(), elapsed));
    }
}
