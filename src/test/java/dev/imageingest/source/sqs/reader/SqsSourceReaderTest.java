package dev.imageingest.source.sqs.reader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.ack.MessageDeleter;
import dev.imageingest.localstack.LocalAws;
import dev.imageingest.localstack.LocalSqs;
import dev.imageingest.model.SqsMessage;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import dev.imageingest.source.sqs.split.SqsQueueSplit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The reader against a real SQS-protocol server (ElasticMQ): it receives and emits each message
 * with its receipt, and deletes nothing itself, checkpoint or not (the sink deletes after
 * Firehose's acknowledgement); redeliveries are counted; receiving pauses at the in-flight cap.
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
    void emitsEveryMessageWithItsReceiptAndDeletesNothing() throws Exception {
        String queue = sqs.createQueue("reader-receipts");
        send(queue, 0, 25);
        try (SqsSourceReader reader = reader(queue, Duration.ofSeconds(60))) {
            TestingReaderOutput<SqsMessage> out = new TestingReaderOutput<>();
            reader.start();
            reader.addSplits(List.of(SqsQueueSplit.forReader(0, queue)));
            pollUntil(reader, out, 25);
            for (SqsMessage m : out.getEmittedRecords()) {
                assertThat(m.receipt()).as("receipt of %s", m.body()).isNotNull();
                assertThat(m.receipt().queueUrl()).isEqualTo(queue);
                assertThat(m.receipt().receiptHandle()).isNotBlank();
                assertThat(m.receipt().receiveCount()).isEqualTo(1);
                assertThat(m.receipt().receivedAt()).isPositive();
            }
            assertThat(out.getEmittedRecords().stream().map(m -> m.receipt().receiptHandle()))
                    .doesNotHaveDuplicates();

            List<SqsQueueSplit> cp1 = reader.snapshotState(1);
            assertThat(cp1)
                    .as("the checkpoint holds the split only, no delete duty")
                    .containsExactly(SqsQueueSplit.forReader(0, queue));
            reader.notifyCheckpointComplete(1);
            Thread.sleep(1_000); // room for any (wrong) delete to show
            assertThat(depth(queue))
                    .as("a completed checkpoint deletes nothing in the source")
                    .isEqualTo(Map.of("visible", 0, "inFlight", 25));
            assertThat(reader.redeliveredCount()).isZero();
            assertThat(
                            out.getEmittedRecords().stream()
                                    .map(SqsMessage::body)
                                    .collect(Collectors.toSet()))
                    .isEqualTo(
                            IntStream.range(0, 25)
                                    .mapToObj(i -> "m" + i)
                                    .collect(Collectors.toSet()));
        }
    }

    @Test
    void heldMessagesStayInvisibleUntilDeletedAndComeBackOnlyAfterTheReaderCloses()
            throws Exception {
        String queue = sqs.createQueue("reader-visibility");
        send(queue, 0, 15);
        List<SqsMessage> first;
        try (SqsSourceReader reader = reader(queue, Duration.ofSeconds(2))) {
            TestingReaderOutput<SqsMessage> out = new TestingReaderOutput<>();
            reader.start();
            reader.addSplits(List.of(SqsQueueSplit.forReader(0, queue)));
            pollUntil(reader, out, 15);
            first = List.copyOf(out.getEmittedRecords());
            assertThat(reader.heldCount()).isEqualTo(15);

            // three visibility timeouts: without extensions all 15 would be visible again
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            while (System.nanoTime() < until) {
                assertThat(depth(queue))
                        .as("held messages stay invisible")
                        .isEqualTo(Map.of("visible", 0, "inFlight", 15));
                Thread.sleep(250);
            }
            assertThat(reader.extendedCount()).isGreaterThanOrEqualTo(15);

            // the sink deletes 5 of them: they leave the reader's watch
            MessageDeleter deleter = new MessageDeleter(sqs.client(), 2);
            deleter.delete(first.subList(0, 5).stream().map(SqsMessage::receipt).toList());
            deleter.awaitIdle(Duration.ofSeconds(10));
            assertThat(deleter.deletedCount()).isEqualTo(5);
            assertThat(reader.heldCount()).isEqualTo(10);
            assertThat(depth(queue)).isEqualTo(Map.of("visible", 0, "inFlight", 10));
            assertThat(reader.redeliveredCount()).isZero();
        }

        // the reader is gone (a failed or cancelled job): its messages return and count as
        // redelivered
        try (SqsSourceReader again = reader(queue, Duration.ofSeconds(30))) {
            TestingReaderOutput<SqsMessage> out = new TestingReaderOutput<>();
            again.start();
            again.addSplits(List.of(SqsQueueSplit.forReader(0, queue)));
            pollUntil(again, out, 10);
            assertThat(again.redeliveredCount()).isEqualTo(10);
            assertThat(out.getEmittedRecords())
                    .allSatisfy(m -> assertThat(m.receipt().receiveCount()).isGreaterThan(1));
            assertThat(out.getEmittedRecords().stream().map(SqsMessage::body))
                    .containsExactlyInAnyOrderElementsOf(
                            first.subList(5, 15).stream().map(SqsMessage::body).toList());
        }
    }

    @Test
    void receivingPausesAtTheInFlightCapAndResumesWhenMessagesAreDeleted() throws Exception {
        String queue = sqs.createQueue("reader-in-flight-cap");
        send(queue, 0, 60);
        int cap = 20;
        int overshoot = 10; // one receive in flight (receivesInFlight = 1) of up to 10 messages
        SqsSourceSettings settings =
                new SqsSourceSettings(
                        queue,
                        sqs.endpoint(),
                        LocalAws.settings(),
                        10,
                        Duration.ofSeconds(1),
                        1,
                        Duration.ofSeconds(60),
                        cap,
                        Duration.ofMillis(200),
                        2,
                        4);
        MessageDeleter deleter = new MessageDeleter(LocalAws.sqs(sqs.endpoint()), 2);
        try (SqsSourceReader reader = new SqsSourceReader(settings, new TestingReaderContext())) {
            TestingReaderOutput<SqsMessage> out = new TestingReaderOutput<>();
            reader.start();
            reader.addSplits(List.of(SqsQueueSplit.forReader(0, queue)));
            pollUntil(reader, out, cap);

            // ten poll intervals: the reader stays paused, the rest of the queue stays visible
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < until) {
                reader.pollNext(out);
                assertThat(depth(queue).get("inFlight"))
                        .as("in flight while paused")
                        .isLessThanOrEqualTo(cap + overshoot);
                Thread.sleep(50);
            }
            int firstWave = out.getEmittedRecords().size();
            assertThat(firstWave).isBetween(cap, cap + overshoot);
            assertThat(depth(queue))
                    .isEqualTo(Map.of("visible", 60 - firstWave, "inFlight", firstWave));
            assertThat(reader.pausedMillis()).isPositive();

            // the sink deletes what it was given: receiving resumes, always under the cap
            int deleted = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (deleted < 60) {
                assertThat(System.nanoTime()).as("all 60 through the cap").isLessThan(deadline);
                List<SqsMessage> emitted = List.copyOf(out.getEmittedRecords());
                if (emitted.size() > deleted) {
                    deleter.delete(
                            emitted.subList(deleted, emitted.size()).stream()
                                    .map(SqsMessage::receipt)
                                    .toList());
                    deleter.awaitIdle(Duration.ofSeconds(10));
                    deleted = emitted.size();
                }
                reader.pollNext(out);
                assertThat(depth(queue).get("inFlight")).isLessThanOrEqualTo(cap + overshoot);
                Thread.sleep(20);
            }
            assertThat(out.getEmittedRecords().stream().map(SqsMessage::body))
                    .doesNotHaveDuplicates()
                    .hasSize(60);
            assertThat(depth(queue)).isEqualTo(Map.of("visible", 0, "inFlight", 0));
        } finally {
            deleter.close();
        }
    }

    private static SqsSourceReader reader(String queue, Duration visibility) {
        SqsSourceSettings settings =
                new SqsSourceSettings(
                        queue,
                        sqs.endpoint(),
                        LocalAws.settings(),
                        10,
                        Duration.ofSeconds(1),
                        4,
                        visibility);
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
}
