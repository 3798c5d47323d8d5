package dev.imageingest.localstack;

import dev.imageingest.ImageIngestJob;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.config.IngestOptions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The one-command local demo: starts the {@link LocalStack}, enqueues sample messages, runs the
 * real job graph on a MiniCluster with the Flink web UI, prints progress every 2 s and, with {@code
 * --messages N}, stops once every message is accounted for and prints a summary. Exits 0 only if
 * every message ended with the status its sample expects and every OK image is in S3.
 *
 * <pre>mvn -q test-compile exec:java@demo -Ddemo.args="--messages 1000"</pre>
 *
 * Options: {@code --messages N} (omit to run until Ctrl-C), {@code --parallelism P} (default 2),
 * {@code --port PORT} of the web UI (default 8081; a free port if taken).
 */
public final class LocalDemo {
    private static final long PROGRESS_MILLIS = 2000;
    private static final long STALL_MILLIS = 120_000;
    private static final int UNBOUNDED_BATCH = 1000;

    /** Straight to stdout: Maven swaps System.out back during shutdown, losing late lines. */
    private static final PrintStream OUT =
            new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    private final Integer messages;
    private final int parallelism;
    private final int port;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile LocalStack stack;
    private volatile JobClient job;

    private LocalDemo(Integer messages, int parallelism, int port) {
        this.messages = messages;
        this.parallelism = parallelism;
        this.port = port;
    }

    public static void main(String[] args) {
        LocalDemo demo;
        try {
            demo = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(
                    "usage: LocalDemo [--messages N] [--parallelism P (default 2)] [--port 8081]");
            System.exit(2);
            return;
        }
        int code;
        try {
            code = demo.run();
        } catch (Throwable t) {
            if (demo.stopped.get()) {
                code = 130; // Ctrl-C while running: the shutdown hook is stopping everything
            } else {
                say("Demo failed: " + t);
                t.printStackTrace(OUT);
                code = 1;
            }
        }
        demo.stop();
        System.exit(code);
    }

    static LocalDemo parse(String[] args) {
        Integer messages = null;
        int parallelism = 2;
        int port = 8081;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--messages" -> messages = positive("--messages", value);
                case "--parallelism" -> parallelism = positive("--parallelism", value);
                case "--port" -> port = positive("--port", value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        return new LocalDemo(messages, parallelism, port);
    }

    private static int positive(String option, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(option + " needs a positive number, got " + value);
    }

    private int run() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "local-demo-shutdown"));
        say("Starting the local stack (SQS, S3, Firehose emulator, image host) ...");
        stack = LocalStack.start();
        say("  SQS       " + stack.queueUrl());
        say("  S3        " + stack.s3().endpoint() + "  buckets: images, path-records");
        say("  Firehose  " + stack.firehose().endpoint() + "  stream: path-records");
        say("  images    " + stack.images().url("/img/<id>.jpg"));

        int count = messages == null ? UNBOUNDED_BATCH : messages;
        List<SampleCatalog.SampleMessage> samples = SampleCatalog.generate(stack.images(), count);
        long t = System.nanoTime();
        stack.sqs()
                .sendAll(
                        stack.queueUrl(),
                        samples.stream().map(SampleCatalog.SampleMessage::body).toList());
        say(
                String.format(
                        "Enqueued %d sample messages in %.1f s (85%% good images, 10%% failing URLs,"
                                + " 5%% invalid messages)",
                        count, (System.nanoTime() - t) / 1e9));

        Map<String, String> values = new java.util.LinkedHashMap<>(stack.jobConfig());
        values.put(IngestOptions.PARALLELISM.key(), Integer.toString(parallelism));
        values.put(IngestOptions.JOB_NAME.key(), "image-ingest (local demo)");
        IngestConfig config = IngestConfig.of(values);
        int uiPort = webUiPort();
        Configuration flink = new Configuration();
        flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        flink.set(RestOptions.ADDRESS, "localhost");
        flink.set(RestOptions.PORT, uiPort);
        flink.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        useThisClassLoaderForJobs(flink);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        ImageIngestJob.configure(env, config);
        long start = System.nanoTime();
        job = env.executeAsync(config.get(IngestOptions.JOB_NAME));
        say(
                "Job "
                        + job.getJobID()
                        + " running with parallelism "
                        + parallelism
                        + "; Flink web UI: http://localhost:"
                        + uiPort);
        if (messages == null) {
            say(
                    "No --messages given: the job keeps running. Send more messages to "
                            + stack.queueUrl()
                            + " (credentials local/local); Ctrl-C stops everything.");
            say(toolCommands());
        }
        return watch(samples, start);
    }

    /** Ready-to-paste operator tool commands against this stack (the jar: mvn package). */
    private String toolCommands() {
        String jar = "target/flink-image-ingest-0.1.0-SNAPSHOT.jar";
        String creds = " --access-key local --secret-key local";
        return String.join(
                "\n",
                "Operator tools against this stack (build the jar first: mvn -q package -DskipTests):",
                "  java -cp "
                        + jar
                        + " dev.imageingest.tools.Tools enqueue --input images.csv --endpoint "
                        + stack.sqs().endpoint()
                        + " --queue-url "
                        + stack.queueUrl()
                        + creds,
                "  java -cp "
                        + jar
                        + " dev.imageingest.tools.Tools audit --input s3://"
                        + LocalStack.RECORD_BUCKET
                        + "/ --verify-hash --endpoint "
                        + stack.s3().endpoint()
                        + creds,
                "  sample images for a CSV: " + stack.images().url("/img/<id>.jpg"));
    }

    /** Prints progress until every sample is accounted for (or forever without --messages). */
    private int watch(List<SampleCatalog.SampleMessage> samples, long start) throws Exception {
        int lastRecords = -1;
        int lastDepth = -1;
        long lastChange = System.nanoTime();
        long lastTick = start;
        int previous = 0;
        while (true) {
            Thread.sleep(PROGRESS_MILLIS);
            JobClient current = job;
            if (stopped.get() || current == null) {
                return 130;
            }
            JobStatus status = current.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) {
                say("The job ended unexpectedly with status " + status);
                return 1;
            }
            DeliveredRecords delivered = DeliveredRecords.of(stack.writtenLines());
            int depth = stack.queueDepth();
            long now = System.nanoTime();
            double rate = (delivered.records() - previous) / ((now - lastTick) / 1e9);
            previous = delivered.records();
            lastTick = now;
            say(
                    String.format(
                            "[%4.0fs] delivered %d/%d records (OK %d, failed %d) | queue %d |"
                                    + " %.0f records/s | image host %d requests, firehose %d"
                                    + " records in",
                            (now - start) / 1e9,
                            delivered.records(),
                            samples.size(),
                            delivered.ok(),
                            delivered.failed(),
                            depth,
                            rate,
                            stack.images().requests(),
                            stack.firehose().recordsAccepted()));
            if (messages != null && depth == 0 && accountedFor(samples, delivered)) {
                double seconds = (now - start) / 1e9;
                cancelJob();
                // verify what S3 holds, not what the emulator says it wrote
                return finish(samples, DeliveredRecords.of(stack.readDeliveredLines()), seconds);
            }
            if (delivered.records() != lastRecords || depth != lastDepth) {
                lastRecords = delivered.records();
                lastDepth = depth;
                lastChange = now;
            } else if (messages != null && now - lastChange > STALL_MILLIS * 1_000_000) {
                say("No progress for " + STALL_MILLIS / 1000 + " s; giving up.");
                DemoSummary.report(samples, delivered, LocalDemo::say);
                return 1;
            }
        }
    }

    private static boolean accountedFor(
            List<SampleCatalog.SampleMessage> samples, DeliveredRecords delivered) {
        return samples.stream().allMatch(m -> delivered.statusById().containsKey(m.recordId()));
    }

    private int finish(
            List<SampleCatalog.SampleMessage> samples, DeliveredRecords delivered, double seconds) {
        return DemoSummary.print(stack, samples, delivered, seconds, LocalDemo::say);
    }

    /**
     * Under {@code mvn exec:java} the classpath lives in a Maven class loader, not the system class
     * loader that the MiniCluster gives jobs without jars. Declaring a job classpath makes Flink
     * build a user-code class loader whose parent is the loader that holds Flink and this demo;
     * parent-first resolution keeps every class coming from that one loader.
     */
    public static void useThisClassLoaderForJobs(Configuration flink) {
        ClassLoader own = LocalDemo.class.getClassLoader();
        if (own == ClassLoader.getSystemClassLoader()) {
            return;
        }
        java.net.URL location = LocalDemo.class.getProtectionDomain().getCodeSource().getLocation();
        flink.set(PipelineOptions.CLASSPATHS, List.of(location.toString()));
        flink.set(CoreOptions.CLASSLOADER_RESOLVE_ORDER, "parent-first");
    }

    /** The requested web UI port, or a free one (with a notice) if it is taken. */
    private int webUiPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return port;
        } catch (IOException taken) {
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                say(
                        "Port "
                                + port
                                + " is in use; the Flink web UI uses port "
                                + free.getLocalPort()
                                + " instead.");
                return free.getLocalPort();
            }
        }
    }

    private void cancelJob() {
        JobClient j = job;
        job = null;
        if (j == null) {
            return;
        }
        try {
            if (!j.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                j.cancel().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            say("Could not cancel the job: " + e);
        }
    }

    /** Cancels the job and stops every server; safe to call twice (Ctrl-C and normal exit). */
    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        cancelJob();
        LocalStack s = stack;
        if (s != null) {
            s.close();
        }
        say("Stopped the job and the local stack.");
    }

    private static void say(String line) {
        OUT.println(line);
    }
}
