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
