package dev.imageingest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.fetch.config.FetchOptions;
import dev.imageingest.fetch.http.HostileServer;
import dev.imageingest.localstack.SampleCatalog;
import dev.imageingest.localstack.SampleCatalog.SampleMessage;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.retry.RetryOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostile responses under the <em>shipped</em> memory settings: the job runs in a JVM of its own
 * whose heap is what {@code flink-conf/config.yaml} gives a TaskManager (framework heap 128 MB +
 * {@code taskmanager.memory.task.heap.size}), with {@code numberOfTaskSlots} subtasks and the
 * default {@code fetch.in-flight-bytes} and {@code fetch.capacity}, and must carry, next to
 * ordinary images, hundreds of downloads that each try to fill the heap: endless bodies, 20 MB
 * bodies, gzip bombs, absurd Content-Lengths and 2,000-header responses — together several GB,
 * against a heap of about 1 GB. The JVM exits on the first {@code OutOfMemoryError}; nothing may
 * run out of memory, every message must end with its named status, nothing may be lost. Among them,
 * bad input: poison messages (received past {@code retry.max-receives} before the job started:
 * dead-lettered unprocessed) and messages with a 20,000-character field (the caps are 256 and
 * 8,192) ({@code INVALID_MESSAGE}, never a record above Firehose's limit).
 */
class HostileLoadITCase {
    private static final Logger LOG = LoggerFactory.getLogger(HostileLoadITCase.class);

    /** The framework heap Flink adds to the task heap by default. */
    private static final int FRAMEWORK_HEAP_MB = 128;

    private static final int GOOD = 2_600;
    private static final int POISON = 5;
    private static final int OVERSIZED = 20;

    @Test
    void hostileDownloadsUnderTheShippedHeapEndWithNamedStatuses() throws Exception {
        String conf = Files.readString(Path.of("flink-conf/config.yaml"), StandardCharsets.UTF_8);
        int taskHeapMb = megabytes(conf, "heap:\\s*\\n\\s*size:\\s*(\\d+)m");
        int slots = megabytes(conf, "numberOfTaskSlots:\\s*(\\d+)");
        int heapMb = FRAMEWORK_HEAP_MB + taskHeapMb;
        try (FaultStack faults = FaultStack.start();
                HostileServer hostile = new HostileServer()) {
            // poison: received past retry.max-receives before the job starts (earlier jobs
            // crashed on it); it must go to the dead-letter queue unprocessed
            List<SampleMessage> poison = new ArrayList<>();
            for (int i = 0; i < POISON; i++) {
                poison.add(
                        SampleCatalog.of(
                                "{\"URL\": \""
                                        + faults.stack().images().url("/img/poison" + i + ".jpg")
                                        + "\", \"bukken_id\": "
                                        + (800_000 + i)
                                        + ", \"image_type\": 1}",
                                FetchStatus.POISON_MESSAGE));
            }
            int maxReceives =
                    Integer.parseInt(faults.config(1).get(RetryOptions.RETRY_MAX_RECEIVES.key()));
            faults.sendPoison(poison, maxReceives);
            faults.send(GOOD);
            // oversized fields: a record must never exceed Firehose's 1,000 KiB record limit
            List<SampleMessage> oversized = new ArrayList<>();
            for (int i = 0; i < OVERSIZED; i++) {
                String url = faults.stack().images().url("/img/s" + i + ".jpg");
                oversized.add(
                        SampleCatalog.of(
                                i % 2 == 0
                                        ? "{\"URL\": \""
                                                + url
                                                + "\", \"bukken_id\": \"B"
                                                + "9".repeat(20_000)
                                                + "\", \"image_type\": 1}"
                                        : "{\"URL\": \""
                                                + url
                                                + "?"
                                                + "q".repeat(20_000)
                                                + "\", \"bukken_id\": "
                                                + (810_000 + i)
                                                + ", \"image_type\": 1}",
                                FetchStatus.INVALID_MESSAGE));
            }
            faults.sendAll(oversized);
            List<SampleMessage> bad = new ArrayList<>();
            long id = 900_000;
            bad.addAll(hostile(hostile, "/endless?i=", 150, id, FetchStatus.TOO_LARGE));
            bad.addAll(
                    hostile(
                            hostile,
                            "/blob?len=20000000&i=",
                            100,
                            id + 1_000,
                            FetchStatus.NOT_AN_IMAGE));
            bad.addAll(hostile(hostile, "/gzip-bomb?i=", 60, id + 2_000, FetchStatus.TOO_LARGE));
            bad.addAll(hostile(hostile, "/huge-length?i=", 50, id + 3_000, FetchStatus.TOO_LARGE));
            bad.addAll(
                    hostile(
                            hostile,
                            "/bad/many-headers?i=",
                            40,
                            id + 4_000,
                            FetchStatus.BAD_RESPONSE));
            faults.sendAll(bad);

            Map<String, String> values = faults.config(slots);
            // the hostile host is one more allowed port on 127.0.0.1; everything else stays default
            values.put(
                    FetchOptions.FETCH_ALLOWED_PORTS.key(),
                    values.get(FetchOptions.FETCH_ALLOWED_PORTS.key()) + "," + hostile.port());
            values.remove(FetchOptions.FETCH_IN_FLIGHT_BYTES.key());
            values.remove(FetchOptions.FETCH_CAPACITY.key());
            Process job =
                    FaultStack.startJobProcess(
                            values,
                            "hostile-load",
                            "-Xmx" + heapMb + "m",
                            "-Xms" + heapMb + "m",
                            "-XX:MaxDirectMemorySize=448m",
                            "-XX:+ExitOnOutOfMemoryError");
            try {
                FaultStack.await(
                        Duration.ofMinutes(4),
                        () -> !job.isAlive() || allDone(faults),
                        () ->
                                "delivered ids "
                                        + faults.deliveredIds()
                                        + " of "
                                        + faults.sent().size());
                assertThat(job.isAlive())
                        .as("the job JVM is still running (it exits on OutOfMemoryError)")
                        .isTrue();
            } finally {
                job.destroyForcibly();
                job.waitFor();
            }
            String log = Files.readString(Path.of("target", "fault-jobs", "hostile-load.log"));
            assertThat(log).doesNotContain("OutOfMemoryError");
            int duplicates = faults.checkInvariant();
            assertThat(faults.stack().deadLetterDepth())
                    .as("dead letters: the poison messages and the transient failures")
                    .isEqualTo(POISON + FaultStack.TRANSIENT_FAILURES);
            LOG.info(
                    "FAULT hostile downloads under the shipped heap (-Xmx{}m, {} slots, default"
                            + " fetch.in-flight-bytes and capacity): {} good, {} hostile"
                            + " (endless, 20 MB, gzip bombs, huge lengths, 2,000 headers), {}"
                            + " poison and {} oversized messages; {} dead letters, {} duplicate"
                            + " records, 0 lost, no OutOfMemoryError",
                    heapMb,
                    slots,
                    GOOD,
                    bad.size(),
                    POISON,
                    OVERSIZED,
                    faults.stack().deadLetterDepth(),
                    duplicates);
        }
    }

    private static boolean allDone(FaultStack faults) {
        return faults.stack().queueDepth() == 0
                && Invariant.allDelivered(faults.stack(), faults.sent());
    }

    private static List<SampleMessage> hostile(
            HostileServer server, String path, int n, long firstId, FetchStatus expected) {
        List<SampleMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String url = "http://127.0.0.1:" + server.port() + path + i;
            String body =
                    "{\"URL\": \""
                            + url
                            + "\", \"bukken_id\": "
                            + (firstId + i)
                            + ", \"image_type\": 1}";
            out.add(SampleCatalog.of(body, expected));
        }
        return out;
    }

    private static int megabytes(String yaml, String regex) {
        Matcher m = Pattern.compile(regex).matcher(yaml);
        assertThat(m.find()).as("flink-conf/config.yaml has %s", regex).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
