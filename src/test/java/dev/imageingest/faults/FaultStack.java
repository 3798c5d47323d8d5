package dev.imageingest.faults;

import dev.imageingest.bench.endpoints.FastS3;
import dev.imageingest.config.IngestOptions;
import dev.imageingest.fetch.store.S3Options;
import dev.imageingest.localstack.LocalStack;
import dev.imageingest.localstack.SampleCatalog;
import dev.imageingest.localstack.SampleCatalog.SampleMessage;
import dev.imageingest.source.sqs.config.SqsSourceOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * What every fault test needs: the {@link LocalStack} (ElasticMQ, the Firehose emulator delivering
 * into S3Mock, the image host) with the images stored on a {@link FastS3} endpoint instead of
 * S3Mock (which stores ~70 objects/s; these tests store thousands), sample messages that reuse a
 * few hundred images, the job configuration pointing at all of it, waiting for the end of a run and
 * the {@link Invariant}.
 */
final class FaultStack implements AutoCloseable {
    /** Distinct images the samples point at: the image bucket ends with at most this many. */
    static final int DISTINCT_IMAGES = 200;

    /**
     * Messages at an always-failing URL, whatever the count sent: each goes back to the queue until
     * its receives run out, and requests to a host that only fails are paused, so these decide how
     * long the run's tail is.
     */
    static final int TRANSIENT_FAILURES = 10;

    private final LocalStack stack;
    private final FastS3 images;
    private final List<SampleMessage> sent = new ArrayList<>();

    private FaultStack(LocalStack stack, FastS3 images) {
        this.stack = stack;
        this.images = images;
    }

    /** The MiniCluster the fault tests run on: one TaskManager with {@code slots} slots. */
    static MiniClusterExtension miniCluster(int slots) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .build());
    }

    static FaultStack start() {
        FastS3 images = FastS3.start(LocalStack.IMAGE_BUCKET);
        try {
            return new FaultStack(LocalStack.start(), images);
        } catch (RuntimeException e) {
            images.close();
            throw e;
        }
    }

    LocalStack stack() {
        return stack;
    }

    /**
     * The job configuration: {@code parallelism}, checkpoints every second, visibility 10 s (what a
     * dead job held comes back within seconds), images to the fast S3 endpoint.
     */
    Map<String, String> config(int parallelism) {
        Map<String, String> values = new HashMap<>(stack.jobConfig());
        values.put(S3Options.S3_ENDPOINT.key(), images.endpoint());
        values.put(IngestOptions.PARALLELISM.key(), Integer.toString(parallelism));
        values.put(IngestOptions.CHECKPOINT_INTERVAL.key(), "1s");
        values.put(SqsSourceOptions.SQS_VISIBILITY_TIMEOUT.key(), "10s");
        return values;
    }

    /** Sends the next {@code n} catalog messages (after those already sent); returns them. */
    List<SampleMessage> send(int n) {
        List<SampleMessage> all =
                SampleCatalog.generate(
                        stack.images(), sent.size() + n, DISTINCT_IMAGES, TRANSIENT_FAILURES);
        List<SampleMessage> next = all.subList(sent.size(), all.size());
        stack.sqs().sendAll(stack.queueUrl(), next.stream().map(SampleMessage::body).toList());
        sent.addAll(next);
        return List.copyOf(next);
    }

    /** Sends messages made elsewhere (e.g. pointing at another host) and tracks them. */
    void sendAll(List<SampleMessage> messages) {
        stack.sqs().sendAll(stack.queueUrl(), messages.stream().map(SampleMessage::body).toList());
        sent.addAll(messages);
    }

    /**
     * Sends {@code messages} and receives each of them {@code receives} times without deleting it
     * (visibility 0), as if earlier jobs had crashed on it: call before sending anything else, so
     * these are the only messages in the queue.
     */
    void sendPoison(List<SampleMessage> messages, int receives) {
        if (stack.queueDepth() != 0) {
            throw new IllegalStateException("poison messages must be sent to an empty queue");
        }
        sendAll(messages);
        stack.sqs().receiveWithoutDeleting(stack.queueUrl(), messages.size(), receives);
    }

    /** Every message sent so far. */
    List<SampleMessage> sent() {
        return List.copyOf(sent);
    }

    /** Distinct record ids delivered so far. */
    int deliveredIds() {
        return (int)
                stack.readDeliveredLines().stream().map(FaultStack::recordIdOf).distinct().count();
    }

    /** Waits until every message sent has a delivered record and the queue is empty. */
    void awaitAllDelivered(Duration timeout) throws InterruptedException {
        await(
                timeout,
                () -> stack.queueDepth() == 0 && Invariant.allDelivered(stack, sent),
                () ->
                        "delivered ids "
                                + deliveredIds()
                                + " of "
                                + sent.size()
                                + ", queue "
                                + stack.queueDepth());
    }

    /** Waits until at least {@code n} distinct record ids were delivered. */
    void awaitDelivered(int n, Duration timeout) throws InterruptedException {
        await(timeout, () -> deliveredIds() >= n, () -> "delivered ids " + deliveredIds());
    }

    /** Asserts the {@link Invariant} over every message sent; returns the duplicate records. */
    int checkInvariant() {
        Set<String> stored =
                images.keys(LocalStack.IMAGE_BUCKET).stream()
                        .map(k -> "s3://" + LocalStack.IMAGE_BUCKET + "/" + k)
                        .collect(Collectors.toSet());
        return Invariant.check(stack, sent, stored);
    }

    /** Objects in the image bucket. */
    int storedImages() {
        return images.keys(LocalStack.IMAGE_BUCKET).size();
    }

    /** Polls {@code condition} every 250 ms; fails with {@code state} after {@code timeout}. */
    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + ": " + state.get());
            }
            Thread.sleep(250);
        }
    }

    /**
     * Starts {@link JobProcessMain} in a JVM of its own with {@code values} as its job
     * configuration and {@code jvmOptions}; its output goes to {@code
     * target/fault-jobs/<name>.log}.
     */
    static Process startJobProcess(Map<String, String> values, String name, String... jvmOptions)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions.length == 0 ? List.of("-Xmx512m") : List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JobProcessMain.class.getName());
        values.forEach((k, v) -> command.add(k + "=" + v));
        Path log = Files.createDirectories(Path.of("target", "fault-jobs")).resolve(name + ".log");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(new File("."))
                .start();
    }

    private static String recordIdOf(String line) {
        int at = line.indexOf("\"record_id\"");
        if (at < 0) {
            return line;
        }
        int start = line.indexOf('"', line.indexOf(':', at) + 1) + 1;
        return line.substring(start, line.indexOf('"', start));
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            images.close();
        }
    }
}
