package dev.imageingest.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imageingest.ImageIngestJob;
import dev.imageingest.bench.endpoints.FastS3;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.config.IngestOptions;
import dev.imageingest.fetch.config.FetchOptions;
import dev.imageingest.fetch.store.S3Options;
import dev.imageingest.localstack.LocalStack;
import dev.imageingest.localstack.SampleCatalog;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.sink.PathRecordJson;
import dev.imageingest.source.sqs.config.SqsSourceOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Retries through SQS on the production graph against the local stack: transient failures come back
 * later instead of becoming records, run out into a failure record plus a dead letter, poison
 * messages go to the dead-letter queue unprocessed, and an S3 outage shorter than the retry horizon
 * ends with every message OK and no failure record at all.
 */
class RetryITCase {
    private static final Logger LOG = LoggerFactory.getLogger(RetryITCase.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private LocalStack stack;

    @BeforeEach
    void startStack() {
        stack = LocalStack.start();
    }

    @AfterEach
    void stopStack() {
        stack.close();
    }

    private Map<String, String> config(int extraPort) {
        Map<String, String> values = new HashMap<>(stack.jobConfig());
        values.put(IngestOptions.PARALLELISM.key(), "2");
        values.put(IngestOptions.CHECKPOINT_INTERVAL.key(), "1s");
        values.put(SqsSourceOptions.SQS_VISIBILITY_TIMEOUT.key(), "10s");
        if (extraPort > 0) {
            values.put(
                    FetchOptions.FETCH_ALLOWED_PORTS.key(),
                    values.get(FetchOptions.FETCH_ALLOWED_PORTS.key()) + "," + extraPort);
        }
        return values;
    }

    @Test
    void transientFailuresComeBackLaterOrEndInTheDeadLetterQueueAndPoisonIsNotProcessed()
            throws Exception {
        try (FlakyImageHost host = new FlakyImageHost()) {
            Map<String, String> values = config(host.port());
            values.put(FetchOptions.FETCH_MAX_ATTEMPTS.key(), "1"); // one request per receive
            values.put(RetryOptions.RETRY_MAX_RECEIVES.key(), "4");
            values.put(RetryOptions.RETRY_INITIAL_BACKOFF.key(), "1s");
            values.put(RetryOptions.RETRY_MAX_BACKOFF.key(), "2s");
            values.put(RetryOptions.RETRY_BACKOFF_JITTER.key(), "0");

            // poison: received 4 times already (each receive "crashed"), so the job's is the 5th
            String poison = body(host.url("/flaky/0/poison.png"), "\"P-1\"");
            stack.sqs().sendAll(stack.queueUrl(), List.of(poison));
            stack.sqs().receiveWithoutDeleting(stack.queueUrl(), 1, 4);

            Map<String, FetchStatus> expected = new LinkedHashMap<>();
            Map<String, String> pathOf = new HashMap<>();
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 20; i++) { // 503 twice, then the image: OK at the 3rd receive
                String path = "/flaky/2/f" + i + ".png";
                add(bodies, expected, pathOf, body(host.url(path), "" + i), FetchStatus.OK, path);
            }
            for (int i = 0; i < 4; i++) { // always 503: HTTP_5XX at the 4th receive + DLQ
                String path = "/down/d" + i + ".png";
                add(
                        bodies,
                        expected,
                        pathOf,
                        body(host.url(path), "" + (100 + i)),
                        FetchStatus.HTTP_5XX,
                        path);
            }
            for (int i = 0; i < 20; i++) { // healthy images
                String b = body(stack.images().url("/img/g" + i + ".jpg"), "" + (200 + i));
                add(bodies, expected, pathOf, b, FetchStatus.OK, null);
            }
            stack.sqs().sendAll(stack.queueUrl(), bodies);
            expected.put(SampleCatalog.recordId(poison), FetchStatus.POISON_MESSAGE);

            long start = System.nanoTime();
            JobClient job = run(values, "retry-transient");
            try {
                await(
                        Duration.ofSeconds(90),
                        () ->
                                delivered().keySet().containsAll(expected.keySet())
                                        && stack.queueDepth() == 0
                                        && stack.deadLetterDepth() == 5,
                        () ->
                                "records "
                                        + delivered().size()
                                        + "/"
                                        + expected.size()
                                        + ", queue "
                                        + stack.queueDepth()
                                        + ", dlq "
                                        + stack.deadLetterDepth());
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            Map<String, List<String>> statuses = delivered();
            for (Map.Entry<String, FetchStatus> e : expected.entrySet()) {
                assertThat(statuses.get(e.getKey()))
                        .as("records of %s", e.getKey())
                        .containsOnly(e.getValue().name());
            }
            for (String path : pathOf.values()) {
                if (path != null) {
                    assertThat(host.requests(path))
                            .as("requests for %s (one per receive)", path)
                            .isEqualTo(path.startsWith("/flaky/") ? 3 : 4);
                }
            }
            assertThat(host.requests("/flaky/0/poison.png")).as("poison never fetched").isZero();

            Map<String, Message> dlq = drainDeadLetters();
            assertThat(dlq).hasSize(5);
            for (Message m : dlq.values()) {
                assertThat(bodies.contains(m.body()) || m.body().equals(poison))
                        .as("body unchanged: %s", m.body())
                        .isTrue();
                String status = attr(m, DeadLetterSinks.STATUS);
                if (m.body().equals(poison)) {
                    assertThat(status).isEqualTo("POISON_MESSAGE");
                    assertThat(attr(m, DeadLetterSinks.RECEIVE_COUNT)).isEqualTo("5");
                } else {
                    assertThat(status).isEqualTo("HTTP_5XX");
                    assertThat(attr(m, DeadLetterSinks.RECEIVE_COUNT)).isEqualTo("4");
                    assertThat(attr(m, DeadLetterSinks.ERROR)).contains("503");
                }
                assertThat(attr(m, DeadLetterSinks.RECORD_ID))
                        .isEqualTo(SampleCatalog.recordId(m.body()));
                assertThat(attr(m, DeadLetterSinks.SOURCE_QUEUE)).isEqualTo(stack.queueUrl());
            }
            LOG.info(
                    "RETRY transient: {} messages (20 flaky x2 503, 4 always 503, 20 healthy, 1"
                            + " poison) ended in {} s; {} records, {} duplicates, 5 dead letters,"
                            + " queue empty",
                    expected.size(),
                    String.format("%.1f", seconds),
                    statuses.values().stream().mapToInt(List::size).sum(),
                    statuses.values().stream().mapToInt(l -> l.size() - 1).sum());
        }
    }

    @Test
    void anS3OutageShorterThanTheRetryHorizonLeavesNoFailureRecords() throws Exception {
        // images go to the project's fast S3 endpoint (S3Mock stores ~70 objects/s) behind a
        // proxy that refuses a fraction of requests, then all of them
        try (FastS3 images = FastS3.start(LocalStack.IMAGE_BUCKET);
                FaultyS3Proxy s3 = new FaultyS3Proxy(images.endpoint())) {
            Map<String, String> values = config(0);
            values.put(S3Options.S3_ENDPOINT.key(), s3.endpoint());
            values.put(FetchOptions.FETCH_CAPACITY.key(), "16");
            values.put(RetryOptions.RETRY_MAX_RECEIVES.key(), "14");
            values.put(RetryOptions.RETRY_INITIAL_BACKOFF.key(), "2s");
            values.put(RetryOptions.RETRY_MAX_BACKOFF.key(), "8s"); // horizon 2+4+8x11 = 94 s

            int messages = 3_000;
            int distinctImages = 200;
            Set<String> ids = new HashSet<>();
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                String b =
                        body(
                                stack.images().url("/img/o" + (i % distinctImages) + ".jpg"),
                                "" + (5000 + i));
                bodies.add(b);
                ids.add(SampleCatalog.recordId(b));
            }
            stack.sqs().sendAll(stack.queueUrl(), bodies);

            s3.failFraction(0.5); // degraded: half of all S3 requests 503
            long start = System.nanoTime();
            JobClient job = run(values, "retry-s3-outage");
            try {
                Thread.sleep(6_000);
                int beforeOutage = delivered().size();
                long failedBefore = s3.failed();
                s3.failFraction(1.0); // down
                Thread.sleep(60_000);
                long failedDuringOutage = s3.failed() - failedBefore;
                int duringOutage = delivered().size();
                s3.failFraction(0); // recovered
                LOG.info(
                        "S3 outage: {} records before, {} at its end, {} requests refused while"
                                + " down",
                        beforeOutage,
                        duringOutage,
                        failedDuringOutage);
                assertThat(failedDuringOutage)
                        .as("the job was storing images while S3 was down")
                        .isPositive();
                assertThat(beforeOutage).as("the outage came mid-run").isLessThan(messages);
                await(
                        Duration.ofSeconds(180),
                        () -> delivered().keySet().containsAll(ids) && stack.queueDepth() == 0,
                        () -> "records " + delivered().size() + ", queue " + stack.queueDepth());
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, List<String>> statuses = delivered();
            assertThat(statuses.keySet()).isEqualTo(ids);
            statuses.forEach(
                    (id, list) -> assertThat(list).as("records of %s", id).containsOnly("OK"));
            assertThat(stack.deadLetterDepth()).as("nothing dead-lettered").isZero();
            assertThat(images.keys(LocalStack.IMAGE_BUCKET))
                    .as("one object per distinct image")
                    .hasSize(distinctImages);
            int duplicates = statuses.values().stream().mapToInt(l -> l.size() - 1).sum();
            LOG.info(
                    "RETRY S3 outage: {} messages, 6 s at 50% 503 then 60 s down, {} S3 requests"
                            + " refused in all, ended in {} s with {} OK records ({} duplicates),"
                            + " 0 failure records, 0 dead letters",
                    messages,
                    s3.failed(),
                    String.format("%.1f", seconds),
                    messages + duplicates,
                    duplicates);
        }
    }

    private static void add(
            List<String> bodies,
            Map<String, FetchStatus> expected,
            Map<String, String> pathOf,
            String body,
            FetchStatus status,
            String path) {
        bodies.add(body);
        String id = SampleCatalog.recordId(body);
        expected.put(id, status);
        pathOf.put(id, path);
    }

    private static String body(String url, String bukkenJson) {
        return "{\"URL\": \"" + url + "\", \"bukken_id\": " + bukkenJson + ", \"image_type\": 1}";
    }

    private static JobClient run(Map<String, String> values, String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ImageIngestJob.configure(env, IngestConfig.of(values));
        return env.executeAsync(name);
    }

    /** Statuses of the delivered records by record id. */
    private Map<String, List<String>> delivered() {
        Map<String, List<String>> byId = new HashMap<>();
        for (String line : stack.readDeliveredLines()) {
            try {
                JsonNode r = MAPPER.readTree(line);
                byId.computeIfAbsent(
                                r.get(PathRecordJson.RECORD_ID).asText(), k -> new ArrayList<>())
                        .add(r.get(PathRecordJson.STATUS).asText());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return byId;
    }

    private Map<String, Message> drainDeadLetters() {
        Map<String, Message> out = new HashMap<>();
        for (int round = 0; round < 20 && stack.deadLetterDepth() > out.size(); round++) {
            for (Message m :
                    stack.sqs()
                            .client()
                            .receiveMessage(
                                    b ->
                                            b.queueUrl(stack.deadLetterQueueUrl())
                                                    .maxNumberOfMessages(10)
                                                    .visibilityTimeout(60)
                                                    .messageAttributeNames("All"))
                            .join()
                            .messages()) {
                out.put(m.messageId(), m);
            }
        }
        return out;
    }

    private static String attr(Message m, String name) {
        return m.messageAttributes().containsKey(name)
                ? m.messageAttributes().get(name).stringValue()
                : null;
    }

    private static void await(Duration timeout, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + state.get());
            }
            Thread.sleep(500);
        }
    }
}
