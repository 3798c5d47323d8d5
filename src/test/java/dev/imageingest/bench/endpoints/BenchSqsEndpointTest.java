package dev.imageingest.bench.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The bench SQS endpoint driven by the real SDK client (JSON protocol, MD5 checks included). */
class BenchSqsEndpointTest {
    private static BenchEndpoints endpoints;
    private static SqsAsyncClient sqs;

    @BeforeAll
    static void start() {
        endpoints = BenchEndpointsFixture.shared();
        sqs = BenchEndpointsFixture.sqs(endpoints);
    }

    @AfterAll
    static void stop() {
        sqs.close();
    }

    @Test
    void receivedMessagesStayInvisibleUntilDeletedOrTimedOut() throws Exception {
        String url = sqs.createQueue(b -> b.queueName("vis")).join().queueUrl();
        send(url, 12);

        List<Message> first = receive(url, 10, 30, 0).messages();
        List<Message> second = receive(url, 10, 30, 0).messages();
        assertThat(first).hasSize(10);
        assertThat(second).hasSize(2);
        assertThat(receive(url, 10, 30, 0).messages()).isEmpty();
        assertThat(first.get(0).attributes())
                .containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1");

        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            entries.add(
                    DeleteMessageBatchRequestEntry.builder()
                            .id("e" + i)
                            .receiptHandle(first.get(i).receiptHandle())
                            .build());
        }
        var deleted = sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries)).join();
        assertThat(deleted.successful()).hasSize(10);
        assertThat(deleted.failed()).isEmpty();

        // visibility 0: back at once, received again with a new handle and a higher count
        Message again = second.get(0);
        sqs.changeMessageVisibility(
                        b ->
                                b.queueUrl(url)
                                        .receiptHandle(again.receiptHandle())
                                        .visibilityTimeout(0))
                .join();
        Message redelivered = receive(url, 10, 1, 0).messages().get(0);
        assertThat(redelivered.messageId()).isEqualTo(again.messageId());
        assertThat(redelivered.attributes())
                .containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");

        // a delete with the older handle "succeeds" but leaves the message, as in SQS
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(again.receiptHandle())).join();
        assertThat(attributes(url))
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "2");

        // the 1 s visibility timeout of the redelivered message passes: visible again
        Thread.sleep(1300);
        assertThat(attributes(url))
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "1")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "1");
        Message third = receive(url, 10, 30, 0).messages().get(0);
        assertThat(third.attributes())
                .containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "3");
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(third.receiptHandle())).join();
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(second.get(1).receiptHandle())).join();
        assertThat(attributes(url))
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
    }

    @Test
    void longPollReturnsAMessageSentWhileWaiting() {
        String url = sqs.createQueue(b -> b.queueName("poll")).join().queueUrl();
        assertThat(receive(url, 10, 30, 1).messages()).isEmpty(); // waits 1 s, then empty
        CompletableFuture<ReceiveMessageResponse> waiting =
                sqs.receiveMessage(
                        b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(20));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("late")).join();
        assertThat(waiting.join().messages()).extracting(Message::body).containsExactly("late");
    }

    @Test
    void unknownQueueIsTheSdksQueueDoesNotExist() {
        assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName("nope")).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(QueueDoesNotExistException.class);
        assertThat(sqs.getQueueUrl(b -> b.queueName(BenchLayout.QUEUE)).join().queueUrl())
                .isEqualTo(endpoints.queueUrl());
    }

    private static void send(String url, int n) {
        for (int start = 0; start < n; start += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int i = start; i < Math.min(n, start + 10); i++) {
                batch.add(
                        SendMessageBatchRequestEntry.builder()
                                .id("m" + i)
                                .messageBody("body " + i)
                                .build());
            }
            assertThat(
                            sqs.sendMessageBatch(b -> b.queueUrl(url).entries(batch))
                                    .join()
                                    .successful())
                    .hasSize(batch.size());
        }
    }

    private static ReceiveMessageResponse receive(String url, int max, int visibility, int wait) {
        return sqs.receiveMessage(
                        b ->
                                b.queueUrl(url)
                                        .maxNumberOfMessages(max)
                                        .visibilityTimeout(visibility)
                                        .waitTimeSeconds(wait)
                                        .messageSystemAttributeNames(
                                                MessageSystemAttributeName
                                                        .APPROXIMATE_RECEIVE_COUNT))
                .join();
    }

    private static Map<QueueAttributeName, String> attributes(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                .join()
                .attributes();
    }
}
