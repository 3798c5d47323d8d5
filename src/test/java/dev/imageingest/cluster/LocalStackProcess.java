package dev.imageingest.cluster;

import dev.imageingest.localstack.BucketLines;
import dev.imageingest.localstack.LocalAws;
import dev.imageingest.localstack.LocalSqs;
import dev.imageingest.localstack.LocalStackMain;
import dev.imageingest.localstack.LocalStackMain.StackEndpoints;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The local stack ({@link LocalStackMain}) in a process of its own, like the AWS services a cluster
 * talks to, and clients for it in this process.
 */
final class LocalStackProcess implements AutoCloseable {
    private final Process process;
    private final StackEndpoints endpoints;
    private final SqsAsyncClient sqs;
    private final S3AsyncClient s3;
    private final BucketLines delivered;

    private LocalStackProcess(Process process, StackEndpoints endpoints) {
        this.process = process;
        this.endpoints = endpoints;
        this.sqs = LocalAws.sqs(endpoints.sqs());
        this.s3 = LocalAws.s3(endpoints.s3());
        this.delivered = new BucketLines(s3, endpoints.recordBucket());
    }

    /**
     * Starts the stack on this test's classpath and waits for its endpoints; the job configuration
     * pointing at it is written to {@code jobConfig}.
     */
    static LocalStackProcess start(Path jobConfig) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the --add-opens this JVM was given (ElasticMQ and S3Mock run on Java 17 with them)
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports"))
                .forEach(command::add);
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(LocalStackMain.class.getName());
        command.add("--job-config");
        command.add(jobConfig.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<StackEndpoints> ready = new CompletableFuture<>();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    p.getInputStream(), StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    if (line.startsWith(LocalStackMain.READY)) {
                                        ready.complete(StackEndpoints.parse(line));
                                    } else if (!ready.isDone()) {
                                        System.out.println("[stack] " + line);
                                    }
                                }
                                ready.completeExceptionally(
                                        new AssertionError("the local stack exited"));
                            } catch (Exception e) {
                                ready.completeExceptionally(e);
                            }
                        },
                        "local-stack-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new LocalStackProcess(p, ready.get(3, TimeUnit.MINUTES));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    StackEndpoints endpoints() {
        return endpoints;
    }

    long pid() {
        return process.pid();
    }

    /** Enqueues the bodies (SendMessageBatch). */
    void send(List<String> bodies) {
        LocalSqs.sendAll(sqs, endpoints.queueUrl(), bodies);
    }

    /** Visible plus in-flight messages. */
    int queueDepth() {
        return LocalSqs.depth(sqs, endpoints.queueUrl()).total();
    }

    /** Every JSONL line the Firehose emulation has delivered to S3 so far. */
    List<String> deliveredLines() {
        return delivered.read();
    }

    /** Objects in the image bucket. */
    int storedImages() {
        return BucketLines.list(s3, endpoints.imageBucket()).size();
    }

    /** SIGTERM (the stack flushes and stops), SIGKILL after 30 s. */
    @Override
    public void close() throws Exception {
        sqs.close();
        s3.close();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
