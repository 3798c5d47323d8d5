package dev.imageingest.localstack;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

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
     * Sends every body with SendMessageBatch (10 per call, up to 16 calls in flight), retrying
     * rejected entries twice, and waits for all of them; fails if an entry is still rejected.
     */
    public void sendAll(String queueUrl, List<String> bodies) {
        sendAll(client, queueUrl, bodies);
    }

    /** {@link #sendAll(String, List)} with any client, e.g. for a stack in another process. */
    public static void sendAll(SqsAsyncClient client, String queueUrl, List<String> bodies) {
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int from = 0; from < bodies.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(bodies.size(), from + 10); i++) {
                entries.add(
                        SendMessageBatchRequestEntry.builder()
                                .id(Integer.toString(i))
                                .messageBody(bodies.get(i))
                                .build());
            }
            inFlight.acquireUninterruptibly();
            calls.add(
                    send(client, queueUrl, entries, 1).whenComplete((v, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    }

    private static CompletableFuture<Void> send(
            SqsAsyncClient client,
            String queueUrl,
            List<SendMessageBatchRequestEntry> entries,
            int attempt) {
        return client.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries))
                .thenCompose(
                        (SendMessageBatchResponse r) -> {
                            if (r.failed().isEmpty()) {
                                return CompletableFuture.<Void>completedFuture(null);
                            }
                            if (attempt >= 3) {
                                throw new IllegalStateException(
                                        "SendMessageBatch failed: " + r.failed());
                            }
                            Set<String> failedIds = new HashSet<>();
                            r.failed().forEach(f -> failedIds.add(f.id()));
                            return send(
                                    client,
                                    queueUrl,
                                    entries.stream()
                                            .filter(e -> failedIds.contains(e.id()))
                                            .toList(),
                                    attempt + 1);
                        });
    }

    /** Messages of a queue: visible, and in flight (received, not yet deleted). */
    /**
     * Receives every message of {@code queueUrl} until each of the {@code messages} it holds has
     * been received at least {@code receives} times, never deleting and with visibility 0, as if
     * earlier consumers had crashed on them (poison messages). The queue must hold only those.
     */
    public void receiveWithoutDeleting(String queueUrl, int messages, int receives) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
        while (counts.size() < messages || counts.values().stream().anyMatch(c -> c < receives)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("messages received so far: " + counts);
            }
            for (Message m :
                    client.receiveMessage(
                                    b ->
                                            b.queueUrl(queueUrl)
                                                    .maxNumberOfMessages(10)
                                                    .visibilityTimeout(0)
                                                    .messageSystemAttributeNames(
                                                            MessageSystemAttributeName
                                                                    .APPROXIMATE_RECEIVE_COUNT))
                            .join()
                            .messages()) {
                counts.put(
                        m.messageId(),
                        Integer.parseInt(
                                m.attributes()
                                        .get(
                                                MessageSystemAttributeName
                                                        .APPROXIMATE_RECEIVE_COUNT)));
            }
        }
    }

    public record Depth(int visible, int inFlight) {
        public int total() {
            return visible + inFlight;
        }
    }

    /** The queue's approximate message counts (exact on ElasticMQ). */
    public Depth depth(String queueUrl) {
        return depth(client, queueUrl);
    }

    /** {@link #depth(String)} with any client, e.g. for a stack in another process. */
    public static Depth depth(SqsAsyncClient client, String queueUrl) {
        Map<QueueAttributeName, String> a =
                client.getQueueAttributes(
                                b ->
                                        b.queueUrl(queueUrl)
                                                .attributeNames(
                                                        QueueAttributeName
                                                                .APPROXIMATE_NUMBER_OF_MESSAGES,
                                                        QueueAttributeName
                                                                .APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                        .join()
                        .attributes();
        return new Depth(
                Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                Integer.parseInt(
                        a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
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
