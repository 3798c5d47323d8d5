package dev.imageingest.source.sqs.reader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.localstack.LocalAws;
import dev.imageingest.localstack.LocalSqs;
import dev.imageingest.source.sqs.SqsMessage;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import dev.imageingest.source.sqs.split.SqsQueueSplit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The reader against a real SQS-protocol server (ElasticMQ): messages are deleted only when the
 * checkpoint that covers them completes, and a restored split deletes its pending handles.
 */
class SqsSourceReaderTest {
    private static LocalSqs sqs;

    @BeforeAll
    static void startSqs() {
        sqs = LocalSqs.start();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
    }

    @Test
    void deletesOnlyWhatCompletedCheckpointsCover() throws Exception {
        String queue = sqs.createQueue("reader-ack");
        send(queue, 0, 25);
        try (SqsSourceReader reader = reader(queue)) {
            TestingReaderOutput<SqsMessage> out = new TestingReaderOutput<>();
            reader.start();
            reader.addSplits(List.of(SqsQueueSplit.forReader(0, queue)));
            pollUntil(reader, out, 25);
            assertThat(depth(queue))
                    .as("received, none deleted")
                    .isEqualTo(Map.of("visible", 0, "inFlight", 25));

            List<SqsQueueSplit> cp1 = reader.snapshotState(1);
            assertThat(cp1).hasSize(1);
            assertThat(cp1.get(0).pendingReceiptHandles()).hasSize(25);

            send(queue, 25, 5);
            pollUntil(reader, out, 30);
            reader.snapshotState(2);
            assertThat(depth(queue).get("inFlight"))
                    .as("snapshot alone deletes nothing")
                    .isEqualTo(30);

            reader.notifyCheckpointComplete(1);
            await(() -> reader.deletedCount() == 25);
            assertThat(depth(queue).get("inFlight"))
                    .as("checkpoint 2's messages are kept until it completes")
                    .isEqualTo(5);

            reader.notifyCheckpointComplete(2);
            await(() -> reader.deletedCount() == 30);
            assertThat(depth(queue)).isEqualTo(Map.of("visible", 0, "inFlight", 0));
            assertThat(reader.pendingDeletion()).isZero();

            assertThat(
                            out.getEmittedRecords().stream()
                                    .map(SqsMessage::body)
                                    .collect(Collectors.toSet()))
                    .isEqualTo(
                            IntStream.range(0, 30)
                                    .mapToObj(i -> "m" + i)
                                    .collect(Collectors.toSet()));
        }
    }

    @Test
    void aLaterCompletedCheckpointSubsumesOneWhoseNotificationWasLost() throws Exception {
        String queue = sqs.createQueue("reader-subsume");
        send(queue, 0, 10);
        try (SqsSourceReader reader = reader(queue)) {
            TestingReaderOutput<SqsMessage> out = new TestingReaderOutput<>();
            reader.start();
            reader.addSplits(List.of(SqsQueueSplit.forReader(0, queue)));
            pollUntil(reader, out, 10);
            reader.snapshotState(7);
            reader.snapshotState(8);
            reader.notifyCheckpointComplete(8); // 7's notification never arrives
            await(() -> reader.deletedCount() == 10);
            assertThat(depth(queue)).isEqualTo(Map.of("visible", 0, "inFlight", 0));
        }
    }

    @Test
    void closeLetsTheLastCheckpointsDeletesFinish() throws Exception {
        String queue = sqs.createQueue("reader-close");
        send(queue, 0, 40);
        SqsSourceReader reader = reader(queue);
        TestingReaderOutput<SqsMessage> out = new TestingReaderOutput<>();
        reader.start();
        reader.addSplits(List.of(SqsQueueSplit.forReader(0, queue)));
        pollUntil(reader, out, 40);
        reader.snapshotState(1);
        reader.notifyCheckpointComplete(1); // e.g. the final checkpoint of stop-with-savepoint
        reader.close(); // must not cut the deletes off
        assertThat(reader.deletedCount()).isEqualTo(40);
        assertThat(depth(queue)).isEqualTo(Map.of("visible", 0, "inFlight", 0));
    }

    @Test
    void restoredSplitDeletesTheHandlesOfItsCompletedCheckpoint() throws Exception {
        String queue = sqs.createQueue("reader-restore");
        send(queue, 0, 12);
        SqsQueueSplit checkpointed;
        try (SqsSourceReader reader = reader(queue)) {
            TestingReaderOutput<SqsMessage> out = new TestingReaderOutput<>();
            reader.start();
            reader.addSplits(List.of(SqsQueueSplit.forReader(0, queue)));
            pollUntil(reader, out, 12);
            checkpointed = reader.snapshotState(3).get(0);
            // the task fails before notifyCheckpointComplete(3) arrives
        }
        assertThat(depth(queue).get("inFlight")).isEqualTo(12);
        assertThat(checkpointed.pendingReceiptHandles()).hasSize(12);

        try (SqsSourceReader restored = reader(queue)) {
            restored.start();
            restored.addSplits(List.of(checkpointed));
            await(() -> restored.deletedCount() == 12);
            assertThat(depth(queue)).isEqualTo(Map.of("visible", 0, "inFlight", 0));
        }
    }

    private static SqsSourceReader reader(String queue) {
        SqsSourceSettings settings =
                new SqsSourceSettings(
                        queue,
                        sqs.endpoint(),
                        LocalAws.settings(),
                        10,
                        Duration.ofSeconds(1),
                        4,
                        Duration.ofSeconds(60));
        return new SqsSourceReader(settings, new TestingReaderContext());
    }

    private static void send(String queue, int from, int count) {
        for (int start = from; start < from + count; start += 10) {
            int end = Math.min(from + count, start + 10);
            List<SendMessageBatchRequestEntry> entries =
                    IntStream.range(start, end)
                            .mapToObj(
                                    i ->
                                            SendMessageBatchRequestEntry.builder()
                                                    .id("e" + i)
                                                    .messageBody("m" + i)
                                                    .build())
                            .toList();
            assertThat(
                            sqs.client()
                                    .sendMessageBatch(b -> b.queueUrl(queue).entries(entries))
                                    .join()
                                    .failed())
                    .isEmpty();
        }
    }

    private static Map<String, Integer> depth(String queue) {
        LocalSqs.Depth d = sqs.depth(queue);
        return Map.of("visible", d.visible(), "inFlight", d.inFlight());
    }

    private static void pollUntil(
            SqsSourceReader reader, TestingReaderOutput<SqsMessage> out, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (out.getEmittedRecords().size() < n) {
            assertThat(System.nanoTime())
                    .as("received %d of %d", out.getEmittedRecords().size(), n)
                    .isLessThan(deadline);
            reader.pollNext(out);
            reader.isAvailable().get(30, TimeUnit.SECONDS);
        }
        assertThat(out.getEmittedRecords()).hasSize(n);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
