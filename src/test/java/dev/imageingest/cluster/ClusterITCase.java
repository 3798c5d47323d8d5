package dev.imageingest.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imageingest.localstack.DeliveredRecords;
import dev.imageingest.localstack.SampleCatalog;
import dev.imageingest.localstack.SampleCatalog.SampleMessage;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.sink.PathRecordJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a real standalone Flink cluster, started by {@code deploy/cluster/} with
 * the project's {@code flink-conf/} from Maven-resolved Flink jars: a JobManager process, a
 * TaskManager process and the local stack (SQS, S3, Firehose emulation, image host) as a process of
 * its own. Proves what a MiniCluster cannot: the jar's manifest, shading and service files, config
 * loading in the CLI, the launch scripts, memory flags and ports from {@code config.yaml}.
 *
 * <p>Story: submit with {@code submit.sh}; {@code kill -9} the TaskManager mid-run and start a new
 * one (the job restores from its last checkpoint); stop the job with a savepoint and the cluster
 * with {@code stop.sh}; start the cluster again and resubmit with {@code resume.sh}, which finds
 * the savepoint by itself; finish. Then every message is accounted for: each record id delivered
 * (with its expected status, duplicates from replays allowed), each distinct good image stored
 * once, the queue empty.
 *
 * <p>Fetches are rate-limited ({@code fetch.per-host-rate}) so that the kill and the stop happen
 * while messages are still in flight, and the SQS visibility timeout is short so that messages
 * received but not checkpointed before the kill come back within the test.
 */
class ClusterITCase {
    private static final int DISTINCT_IMAGES = 40;
    private static final int BATCH_1 = 100;
    private static final int BATCH_2 = 60;
    private static final int BATCH_3 = 140;
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("savepoint: (\\S+)");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir static Path tmp;

    private static LocalStackProcess stack;
    private static ClusterScripts cluster;
    private static Thread cleanupOnExit;
    private static final long START = System.nanoTime();

    @BeforeAll
    static void startStack() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        cluster = new ClusterScripts(repo, tmp.resolve("cluster"), shadedJar(repo));
        cleanupOnExit = new Thread(ClusterITCase::stopEverything, "cluster-itcase-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        stack = LocalStackProcess.start(tmp.resolve("job.properties"));
        log("local stack up (pid " + stack.pid() + "): " + stack.endpoints());
    }

    @AfterAll
    static void stopAll() {
        stopEverything();
        Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
    }

    @Test
    void survivesTaskManagerCrashAndStopResumeWithEveryMessageAccountedFor() throws Exception {
        ClusterPorts ports = ClusterPorts.pick();
        String[] clusterArgs = ports.clusterArgs(tmp);
        FlinkRest rest = new FlinkRest(ports.rest());
        List<SampleMessage> sent = new ArrayList<>();

        cluster.run(SCRIPT_TIMEOUT, "start-cluster.sh", clusterArgs);
        awaitTaskManager(rest);
        JsonNode resources = rest.taskManagers().get(0).path("totalResource");
        assertThat(resources.path("taskHeapMemory").asInt())
                .as("task heap (MB) from flink-conf/config.yaml")
                .isEqualTo(1024);
        assertThat(resources.path("managedMemory").asInt()).isZero();
        assertPrometheusServesTaskManagerMetrics(rest, ports);

        sent.addAll(send(0, BATCH_1));
        String[] jobArgs = {
            "--config", tmp.resolve("job.properties").toString(),
            "--job.parallelism", "2",
            "--job.checkpoint-interval", "1s",
            "--fetch.capacity", "16",
            "--fetch.per-host-rate", "3",
            "--fetch.total-timeout", "8s",
            "--fetch.operator-timeout", "24s", // leaves S3 puts 15 s on a loaded machine
            "--sqs.visibility-timeout", "30s"
        };
        String firstJob = jobId(cluster.run(SCRIPT_TIMEOUT, "submit.sh", jobArgs).output());

        // --- kill -9 the TaskManager mid-run, start a new one
        await(
                Duration.ofMinutes(2),
                () -> rest.completedCheckpoints(firstJob) >= 1 && delivered().records() >= 15,
                () -> "a checkpoint and 15 records; " + progress());
        cluster.kill9("taskmanager-0");
        int atKill = delivered().records();
        log("killed the TaskManager with " + atKill + " of " + sent.size() + " records delivered");
        assertThat(atKill).as("killed mid-run").isLessThan(BATCH_1);
        cluster.run(SCRIPT_TIMEOUT, "taskmanager.sh", "start");
        await(
                Duration.ofMinutes(2),
                () -> restored(rest, firstJob) && rest.allTasksRunning(firstJob),
                () -> "job restored from a checkpoint on the new TaskManager; " + progress());

        // --- stop with a savepoint while messages are in flight; stop the cluster
        sent.addAll(send(BATCH_1, BATCH_2));
        await(
                Duration.ofMinutes(2),
                () -> delivered().records() >= BATCH_1 + 10,
                () -> "records of the second batch; " + progress());
        sent.addAll(send(BATCH_1 + BATCH_2, BATCH_3)); // still queued when the savepoint is taken
        String stopOutput = cluster.run(SCRIPT_TIMEOUT, "stop.sh", "-j", firstJob).output();
        Matcher sp = SAVEPOINT.matcher(stopOutput);
        assertThat(sp.find()).as("stop.sh reports the savepoint").isTrue();
        String savepoint = sp.group(1);
        assertThat(Path.of(savepoint.replaceFirst("^file:", "")).resolve("_metadata"))
                .isRegularFile();
        assertThat(cluster.anyAlive()).as("stop.sh stopped the processes").isFalse();
        int atStop = delivered().records();
        log("stopped with savepoint " + savepoint + "; " + atStop + " of " + sent.size());
        assertThat(atStop).as("stopped mid-run").isLessThan(sent.size());

        // --- a new cluster; resume.sh finds the savepoint and reuses the job's arguments
        cluster.run(SCRIPT_TIMEOUT, "start-cluster.sh", clusterArgs);
        awaitTaskManager(rest);
        String resumeOutput = cluster.run(SCRIPT_TIMEOUT, "resume.sh").output();
        assertThat(resumeOutput).contains("Latest savepoint: " + savepoint);
        String secondJob = jobId(resumeOutput);
        await(
                Duration.ofMinutes(1),
                () -> rest.allTasksRunning(secondJob),
                () -> "resumed job running; " + progress());
        JsonNode restoredFrom = rest.checkpoints(secondJob).path("latest").path("restored");
        assertThat(restoredFrom.path("is_savepoint").asBoolean()).isTrue();
        assertThat(restoredFrom.path("external_path").asText()).isEqualTo(savepoint);

        Set<String> expectedIds = new HashSet<>();
        sent.forEach(m -> expectedIds.add(m.recordId()));
        await(
                Duration.ofMinutes(3),
                () ->
                        delivered().statusById().keySet().containsAll(expectedIds)
                                && stack.queueDepth() == 0,
                () -> "every message delivered and deleted; " + progress());

        // --- account for every message
        DeliveredRecords delivered = delivered();
        assertThat(delivered.statusById().keySet())
                .as("sent == distinct delivered record ids")
                .isEqualTo(expectedIds);
        // a replay may deliver a record twice; the latest (by processed_at) is the one that counts,
        // as in the Snowflake view that de-duplicates on record_id
        Map<String, JsonNode> latest = latestById(stack.deliveredLines());
        List<String> wrongStatus = new ArrayList<>();
        for (SampleMessage m : sent) {
            JsonNode record = latest.get(m.recordId());
            if (!record.path(PathRecordJson.STATUS).asText().equals(m.expected().name())) {
                wrongStatus.add(m.expected() + " expected for " + m.body() + ", got " + record);
            }
        }
        log("statuses: OK " + delivered.ok() + ", " + delivered.failureSummary());
        for (String id : delivered.conflicting()) {
            log("record " + id + " delivered with two statuses, latest " + latest.get(id));
        }
        assertThat(wrongStatus).as("messages whose latest record has another status").isEmpty();
        long goodImages =
                sent.stream()
                        .filter(m -> m.expected() == FetchStatus.OK)
                        .map(m -> m.body().replaceAll(".*/img/([^\"]+)\".*", "$1"))
                        .distinct()
                        .count();
        assertThat(delivered.distinctImages())
                .as("OK records name each distinct good image")
                .isEqualTo((int) goodImages);
        assertThat((long) stack.storedImages())
                .as("objects in the image bucket")
                .isEqualTo(goodImages);
        assertThat(stack.queueDepth()).isZero();
        assertThat(rest.jobState(secondJob)).isEqualTo("RUNNING");
        log(
                String.format(
                        "accounted for %d messages: %d lines (%d replayed), %d distinct images;"
                                + " test took %.0f s",
                        sent.size(),
                        delivered.lines(),
                        delivered.lines() - delivered.records(),
                        delivered.distinctImages(),
                        (System.nanoTime() - START) / 1e9));

        // stop.sh without a job id finds the running job itself
        assertThat(cluster.run(SCRIPT_TIMEOUT, "stop.sh").output())
                .contains("Job " + secondJob + " stopped; savepoint: ");
        assertThat(cluster.anyAlive()).isFalse();
    }

    /**
     * Messages {@code from .. from+count-1}: 85% good (few distinct images), 404, HTML, invalid.
     */
    private static List<SampleMessage> send(int from, int count) {
        String host = stack.endpoints().imageHost();
        List<SampleMessage> batch = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            int slot = i % 20;
            long bukkenId = 700_000 + i;
            if (slot < 17) {
                int image = (i * 7) % DISTINCT_IMAGES;
                String ext = image % 2 == 0 ? "jpg" : "png";
                batch.add(
                        SampleCatalog.of(
                                json(host + "/img/c" + image + "." + ext, bukkenId),
                                FetchStatus.OK));
            } else if (slot == 17) {
                batch.add(
                        SampleCatalog.of(
                                json(host + "/missing/m" + i, bukkenId), FetchStatus.HTTP_404));
            } else if (slot == 18) {
                batch.add(
                        SampleCatalog.of(
                                json(host + "/html/h" + i, bukkenId), FetchStatus.NOT_AN_IMAGE));
            } else {
                batch.add(SampleCatalog.of("not json " + i, FetchStatus.INVALID_MESSAGE));
            }
        }
        stack.send(batch.stream().map(SampleMessage::body).toList());
        log("enqueued messages " + from + ".." + (from + count - 1));
        return batch;
    }

    private static String json(String url, long bukkenId) {
        return "{\"URL\": \"" + url + "\", \"bukken_id\": " + bukkenId + ", \"image_type\": 1}";
    }

    /** The latest delivered record (by processed_at) per record_id. */
    private static Map<String, JsonNode> latestById(List<String> lines) throws IOException {
        Map<String, JsonNode> latest = new HashMap<>();
        for (String line : lines) {
            JsonNode r = MAPPER.readTree(line);
            latest.merge(
                    r.path(PathRecordJson.RECORD_ID).asText(),
                    r,
                    (a, b) ->
                            Instant.parse(a.path(PathRecordJson.PROCESSED_AT).asText())
                                            .isAfter(
                                                    Instant.parse(
                                                            b.path(PathRecordJson.PROCESSED_AT)
                                                                    .asText()))
                                    ? a
                                    : b);
        }
        return latest;
    }

    private static DeliveredRecords delivered() {
        return DeliveredRecords.of(stack.deliveredLines());
    }

    private static String progress() {
        return "delivered "
                + delivered().records()
                + ", queue "
                + stack.queueDepth()
                + "\nJobManager log:\n"
                + cluster.tail("jobmanager.log", 15)
                + "\nTaskManager log:\n"
                + cluster.tail("taskmanager-0.log", 15);
    }

    private static boolean restored(FlinkRest rest, String jobId) {
        try {
            return rest.checkpoints(jobId).path("counts").path("restored").asLong() >= 1;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitTaskManager(FlinkRest rest) throws InterruptedException {
        await(
                Duration.ofMinutes(2),
                () -> rest.taskManagers().size() == 1,
                () -> "one registered TaskManager\n" + cluster.tail("taskmanager-0.log", 30));
    }

    /**
     * The TaskManager's Prometheus endpoint (a port of the reporter's range) serves its metrics.
     */
    private static void assertPrometheusServesTaskManagerMetrics(FlinkRest rest, ClusterPorts ports)
            throws InterruptedException {
        await(
                Duration.ofMinutes(1),
                () -> {
                    for (int p = ports.prometheus();
                            p < ports.prometheus() + ClusterPorts.RANGE;
                            p++) {
                        try {
                            if (rest.text("http://localhost:" + p + "/metrics")
                                    .contains("flink_taskmanager_Status_JVM_Memory_Heap_Max")) {
                                return true;
                            }
                        } catch (IOException e) {
                            // not this port
                        }
                    }
                    return false;
                },
                () -> "TaskManager metrics on a port of " + ports.prometheus() + "+");
    }

    private static String jobId(String output) {
        Matcher m = JOB_ID.matcher(output);
        assertThat(m.find()).as("job id in %s", output).isTrue();
        return m.group(1);
    }

    private static void await(Duration timeout, BooleanSupplier done, Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for " + what.get());
            }
            Thread.sleep(500);
        }
    }

    private static void stopEverything() {
        if (cluster != null) {
            try {
                cluster.runAllowingFailure(Duration.ofMinutes(1), "stop-cluster.sh");
            } catch (Exception e) {
                log("stop-cluster.sh failed: " + e);
            }
            cluster.killAll();
        }
        if (stack != null) {
            try {
                stack.close();
            } catch (Exception e) {
                log("stopping the local stack failed: " + e);
            }
            stack = null;
        }
    }

    private static Path shadedJar(Path repo) throws IOException {
        try (Stream<Path> files = Files.list(repo.resolve("target"))) {
            return files.filter(
                            p -> p.getFileName().toString().matches("flink-image-ingest-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().startsWith("original-"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("run mvn package first"));
        }
    }

    private static void log(String line) {
        System.out.printf("[%5.1fs] %s%n", (System.nanoTime() - START) / 1e9, line);
    }
}
