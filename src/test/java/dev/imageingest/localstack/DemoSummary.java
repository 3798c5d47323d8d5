package dev.imageingest.localstack;

import dev.imageingest.model.FetchStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The demo's summary: what was sent, delivered, stored and dead-lettered, read from the servers
 * themselves, compared with what each sample message must end as; the exit code says whether every
 * message was accounted for.
 */
final class DemoSummary {
    private DemoSummary() {}

    /** Prints the summary through {@code say}; returns 0 when every message ended as expected. */
    static int print(
            LocalStack stack,
            List<SampleCatalog.SampleMessage> samples,
            DeliveredRecords delivered,
            double seconds,
            Consumer<String> say) {
        List<S3Object> stored = new ArrayList<>();
        stack.s3()
                .client()
                .listObjectsV2Paginator(b -> b.bucket(LocalStack.IMAGE_BUCKET))
                .contents()
                .subscribe(stored::add)
                .join();
        long storedBytes = stored.stream().mapToLong(S3Object::size).sum();
        long ok = delivered.ok();
        double span = delivered.storingSpanMillis() / 1000.0;
        say.accept("");
        say.accept("=== Summary ===");
        say.accept(String.format("messages sent      %d", samples.size()));
        say.accept(
                String.format(
                        "path records       %d (%d JSONL lines in %d Firehose objects)",
                        delivered.records(), delivered.lines(), stack.firehose().objectsWritten()));
        say.accept(
                String.format(
                        "images stored      %d OK records, %d distinct images in s3://%s (%,d bytes)",
                        ok, stored.size(), LocalStack.IMAGE_BUCKET, storedBytes));
        say.accept(
                String.format(
                        "over https         %d OK records (certificate verified for %s)",
                        delivered.httpsOk(), ImageHost.TLS_HOST));
        say.accept(
                String.format(
                        "failures           %d: %s",
                        delivered.failed(), delivered.failureSummary()));
        say.accept(
                String.format(
                        "elapsed            %.1f s from job submission to the last record delivered",
                        seconds));
        say.accept(
                String.format(
                        "throughput         %.0f images/s end to end; %.0f images/s while storing"
                                + " (first to last OK processed_at, %.1f s)",
                        ok / seconds, span > 0 ? ok / span : 0.0, span));
        // transient failures (the 500 samples) went back to the queue with a backoff until their
        // last receive, then became a failure record plus a dead letter
        long transientFailures =
                samples.stream()
                        .filter(
                                m ->
                                        dev.imageingest.retry.OutcomeClass.of(m.expected())
                                                .transientOutcome())
                        .count();
        int deadLetters = stack.deadLetterDepth();
        say.accept(
                String.format(
                        "dead letters       %d in %s (transient failures after their last"
                                + " receive; expected %d); source queue %d",
                        deadLetters,
                        LocalStack.DEAD_LETTER_QUEUE,
                        transientFailures,
                        stack.queueDepth()));
        long lost =
                samples.stream()
                        .filter(m -> !delivered.statusById().containsKey(m.recordId()))
                        .count();
        say.accept(
                String.format(
                        "guarantee          %d lost, %d duplicate records (same record_id); a"
                                + " message left the queue only after Firehose acknowledged its"
                                + " record or the dead-letter queue took it",
                        lost, delivered.lines() - delivered.records()));
        boolean good = report(samples, delivered, say) && lost == 0;
        if (deadLetters != transientFailures) {
            say.accept("MISMATCH: " + deadLetters + " dead letters, expected " + transientFailures);
            good = false;
        }
        if (stored.size() != delivered.distinctImages() || storedBytes != delivered.imageBytes()) {
            say.accept(
                    String.format(
                            "MISMATCH: %d images (%,d bytes) in S3, but path records name %d"
                                    + " distinct images (%,d bytes)",
                            stored.size(),
                            storedBytes,
                            delivered.distinctImages(),
                            delivered.imageBytes()));
            good = false;
        }
        say.accept(good ? "RESULT: OK, every message accounted for" : "RESULT: FAILED");
        return good ? 0 : 1;
    }

    /** Compares delivered statuses with the expected ones; prints and returns whether all match. */
    static boolean report(
            List<SampleCatalog.SampleMessage> samples,
            DeliveredRecords delivered,
            Consumer<String> say) {
        List<String> problems = new ArrayList<>();
        for (SampleCatalog.SampleMessage m : samples) {
            FetchStatus got = delivered.statusById().get(m.recordId());
            if (got != m.expected()) {
                problems.add(
                        "expected "
                                + m.expected()
                                + " but "
                                + (got == null ? "no record was delivered" : "got " + got)
                                + " for "
                                + m.body());
            }
        }
        java.util.Set<String> expectedIds = new java.util.HashSet<>();
        samples.forEach(m -> expectedIds.add(m.recordId()));
        delivered.statusById().keySet().stream()
                .filter(id -> !expectedIds.contains(id))
                .forEach(id -> problems.add("unexpected record_id " + id));
        delivered
                .conflicting()
                .forEach(id -> problems.add("record_id " + id + " delivered with two statuses"));
        if (problems.isEmpty()) {
            say.accept("statuses           all " + samples.size() + " match the expected status");
            return true;
        }
        say.accept("MISMATCH: " + problems.size() + " messages did not end as expected, e.g.:");
        problems.stream().limit(10).forEach(p -> say.accept("  " + p));
        return false;
    }
}
