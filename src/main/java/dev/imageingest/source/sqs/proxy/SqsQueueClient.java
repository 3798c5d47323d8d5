package dev.imageingest.source.sqs.proxy;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * The source's only door to SQS: long-poll receives and batched deletes on one async client per
 * reader. All calls return futures; none blocks.
 */
public final class SqsQueueClient implements AutoCloseable {
    /** SQS limit for DeleteMessageBatch entries. */
    public static final int MAX_BATCH = 10;

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

    /** Deletes up to {@link #MAX_BATCH} messages; entry ids are the handles' list indexes. */
    public CompletableFuture<DeleteMessageBatchResponse> deleteBatch(List<String> receiptHandles) {
        if (receiptHandles.isEmpty() || receiptHandles.size() > MAX_BATCH) {
            throw new IllegalArgumentException("1.." + MAX_BATCH + " handles per batch");
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(receiptHandles.size());
        for (int i = 0; i < receiptHandles.size(); i++) {
            entries.add(
                    DeleteMessageBatchRequestEntry.builder()
                            .id(Integer.toString(i))
                            .receiptHandle(receiptHandles.get(i))
                            .build());
        }
        return client.deleteMessageBatch(
                DeleteMessageBatchRequest.builder()
                        .queueUrl(settings.queueUrl())
                        .entries(entries)
                        .build());
    }

    @Override
    public void close() {
        client.close();
    }
}
