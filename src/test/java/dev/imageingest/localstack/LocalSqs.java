package dev.imageingest.localstack;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionException;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * An in-process ElasticMQ SQS server on 127.0.0.1 and a free port. Queues it creates are usable by
 * any SDK client pointed at {@link #endpoint()} with {@link LocalAws#settings()}.
 */
public final class LocalSqs implements AutoCloseable {
    private static final String PEKKO_SHUTDOWN_HOOK =
            "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook";

    private final SQSRestServer server;
    private final String endpoint;
    private final SqsAsyncClient client;

    private LocalSqs(SQSRestServer server, int port) {
        this.server = server;
        this.endpoint = "http://127.0.0.1:" + port;
        this.client = LocalAws.sqs(endpoint);
    }

    /** Starts a server and waits until it is bound. */
    public static LocalSqs start() {
        // close() stops it, in order: a JVM shutdown hook of its own would pull it from under the
        // job while the demo's hook is still cancelling it
        if (System.getProperty(PEKKO_SHUTDOWN_HOOK) == null) {
            System.setProperty(PEKKO_SHUTDOWN_HOOK, "off");
        }
        SQSRestServer server =
                SQSRestServerBuilder.withInterface("127.0.0.1")
                        .withDynamicPort()
                        .withAWSRegion(LocalAws.REGION)
                        .start();
        InetSocketAddress bound = server.waitUntilStarted().localAddress();
        return new LocalSqs(server, bound.getPort());
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return endpoint;
    }

    /** Creates (or returns the existing) queue and returns its URL. */
    public String createQueue(String name) {
        try {
            return client.createQueue(b -> b.queueName(name)).join().queueUrl();
        } catch (CompletionException e) {
            throw new IllegalStateException("cannot create queue " + name, e.getCause());
        }
    }

    /**
     * Sends every body to the queue with SendMessageBatch (10 per batch, all batches in flight at
     * once) and waits for them; fails if any entry was rejected.
     */
    public void sendAll(String queueUrl, java.util.List<String> bodies) {
        java.util.List<java.util.concurrent.CompletableFuture<?>> batches =
                new java.util.ArrayList<>();
        for (int start = 0; start < bodies.size(); start += 10) {
            java.util.List<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry>
                    entries = new java.util.ArrayList<>();
            for (int i = start; i < Math.min(bodies.size(), start + 10); i++) {
                entries.add(
                        software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry
                                .builder()
                                .id(Integer.toString(i))
                                .messageBody(bodies.get(i))
                                .build());
            }
            batches.add(
                    client.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries))
                            .thenAccept(
                                    r -> {
                                        if (!r.failed().isEmpty()) {
                                            throw new IllegalStateException(
                                                    "SendMessageBatch rejected " + r.failed());
                                        }
                                    }));
        }
        java.util.concurrent.CompletableFuture.allOf(
                        batches.toArray(java.util.concurrent.CompletableFuture[]::new))
                .join();
    }

    /** A client for this server, owned by it (closed by {@link #close()}). */
    public SqsAsyncClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
