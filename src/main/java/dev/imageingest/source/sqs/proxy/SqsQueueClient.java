package dev.imageingest.source.sqs.proxy;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * The source's only door to SQS: long-poll receives on one async client per reader (deletes are the
 * sink's, see {@code dev.imageingest.ack}). All calls return futures; none blocks.
 */
public final class SqsQueueClient implements AutoCloseable {
    private final SqsSourceSettings settings;
    private final SqsAsyncClient client;

    public SqsQueueClient(SqsSourceSettings settings) {
        this(
                settings,
                AwsClients.sqs(
                        settings.aws(), settings.endpoint(), settings.receivesInFlight() + 32));
    }

    public SqsQueueClient(SqsSourceSettings settings, SqsAsyncClient client) {
        this.settings = settings;
        this.client = client;
    }

    public String queueUrl() {
        return settings.queueUrl();
    }

    /** One long-poll receive of up to {@code maxMessagesPerReceive} messages. */
    public CompletableFuture<ReceiveMessageResponse> receive() {
        ReceiveMessageRequest.Builder request =
                ReceiveMessageRequest.builder()
                        .queueUrl(settings.queueUrl())
                        .maxNumberOfMessages(settings.maxMessagesPerReceive())
                        .waitTimeSeconds((int) settings.waitTime().toSeconds())
                        .messageSystemAttributeNames(
                                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        if (!settings.visibilityTimeout().isZero()) {
            request.visibilityTimeout((int) settings.visibilityTimeout().toSeconds());
        }
        return client.receiveMessage(request.build());
    }

    @Override
    public void close() {
        client.close();
    }
}
