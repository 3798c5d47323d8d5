package dev.imageingest.source.sqs.proxy;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
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
                        settings.aws(),
                        settings.endpoint(),
                        // receives, visibility batches and the in-flight poll
                        settings.receivesInFlight()
                                + settings.maxConcurrentVisibilityBatches()
                                + 1));
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

    /**
     * Sets the visibility timeout of up to 10 received messages (entry ids are list indexes), to
     * keep messages the job still holds from being handed out again.
     */
    public CompletableFuture<ChangeMessageVisibilityBatchResponse> changeVisibilityBatch(
            List<String> receiptHandles, int visibilitySeconds) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < receiptHandles.size(); i++) {
            entries.add(
                    ChangeMessageVisibilityBatchRequestEntry.builder()
                            .id(Integer.toString(i))
                            .receiptHandle(receiptHandles.get(i))
                            .visibilityTimeout(visibilitySeconds)
                            .build());
        }
        return client.changeMessageVisibilityBatch(
                ChangeMessageVisibilityBatchRequest.builder()
                        .queueUrl(settings.queueUrl())
                        .entries(entries)
                        .build());
    }

    /** The queue's own visibility timeout, in seconds. */
    public CompletableFuture<Integer> queueVisibilityTimeoutSeconds() {
        return client.getQueueAttributes(
                        GetQueueAttributesRequest.builder()
                                .queueUrl(settings.queueUrl())
                                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)
                                .build())
                .thenApply(
                        r ->
                                Integer.parseInt(
                                        r.attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT)));
    }

    /** The queue's {@code ApproximateNumberOfMessagesNotVisible}: received, not yet deleted. */
    public CompletableFuture<Integer> inFlightCount() {
        return client.getQueueAttributes(
                        GetQueueAttributesRequest.builder()
                                .queueUrl(settings.queueUrl())
                                .attributeNames(
                                        QueueAttributeName
                                                .APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                                .build())
                .thenApply(
                        r ->
                                Integer.parseInt(
                                        r.attributes()
                                                .get(
                                                        QueueAttributeName
                                                                .APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
    }

    @Override
    public void close() {
        client.close();
    }
}
