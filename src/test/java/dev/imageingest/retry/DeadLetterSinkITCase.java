package dev.imageingest.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.aws.AwsSettings;
import dev.imageingest.localstack.LocalAws;
import dev.imageingest.localstack.LocalSqs;
import dev.imageingest.model.SqsReceipt;
import dev.imageingest.source.sqs.config.SqsSourceSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * {@code SqsSink} from the flink-connector-sqs jar, as the job builds it, delivers to a real SQS
 * server (ElasticMQ) with the original body and the attributes, and the acking wrapper deletes the
 * originals only then.
 */
class DeadLetterSinkITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @Test
    void deadLettersArriveWithTheirBodyAndAttributesAndTheOriginalsAreDeleted() throws Exception {
        try (LocalSqs sqs = LocalSqs.start()) {
            String source = sqs.createQueue("source");
            String dlq = sqs.createQueue("source-dlq");
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                bodies.add(
                        "{\"URL\": \"http://h/\u753b\u50cf"
                                + i
                                + ".png\", \"bukken_id\": "
                                + i
                                + "}");
            }
            sqs.sendAll(source, bodies);
            List<DeadLetter> letters = new ArrayList<>();
            while (letters.size() < bodies.size()) {
                for (Message m :
                        sqs.client()
                                .receiveMessage(
                                        b ->
                                                b.queueUrl(source)
                                                        .maxNumberOfMessages(10)
                                                        .visibilityTimeout(60)
                                                        .messageSystemAttributeNames(
                                                                MessageSystemAttributeName
                                                                        .APPROXIMATE_RECEIVE_COUNT))
                                .join()
                                .messages()) {
                    DeadLetter d = new DeadLetter();
                    d.setBody(m.body());
                    d.setStatus("HTTP_5XX");
                    d.setError(letters.size() % 2 == 0 ? "HTTP 503 after 3 attempts" : null);
                    d.setReceiveCount(8);
                    d.setRecordId("r-" + m.messageId());
                    d.setSourceQueue(source);
                    d.setReceipt(
                            new SqsReceipt(
                                    source, m.receiptHandle(), 8, System.currentTimeMillis()));
                    letters.add(d);
                }
            }
            assertThat(sqs.depth(source).inFlight()).isEqualTo(bodies.size());

            AwsSettings aws = LocalAws.settings();
            SqsSourceSettings sourceSettings =
                    new SqsSourceSettings(
                            source,
                            sqs.endpoint(),
                            aws,
                            10,
                            Duration.ofSeconds(1),
                            1,
                            Duration.ZERO);
            DeadLetterSettings dlqSettings = new DeadLetterSettings(dlq, sqs.endpoint(), aws);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.fromData(TypeInformation.of(DeadLetter.class), letters.toArray(new DeadLetter[0]))
                    .sinkTo(DeadLetterSinks.acking(dlqSettings, sourceSettings));
            env.execute("dead-letter-sink");

            Map<String, Message> received = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < bodies.size() && System.nanoTime() < deadline) {
                for (Message m :
                        sqs.client()
                                .receiveMessage(
                                        b ->
                                                b.queueUrl(dlq)
                                                        .maxNumberOfMessages(10)
                                                        .messageAttributeNames("All"))
                                .join()
                                .messages()) {
                    received.put(m.body(), m);
                }
            }
            assertThat(received.keySet())
                    .as("bodies unchanged")
                    .containsExactlyInAnyOrderElementsOf(bodies);
            for (DeadLetter d : letters) {
                Message m = received.get(d.body());
                assertThat(m.messageAttributes().get(DeadLetterSinks.STATUS).stringValue())
                        .isEqualTo("HTTP_5XX");
                assertThat(m.messageAttributes().get(DeadLetterSinks.RECEIVE_COUNT).stringValue())
                        .isEqualTo("8");
                assertThat(m.messageAttributes().get(DeadLetterSinks.RECEIVE_COUNT).dataType())
                        .isEqualTo("Number");
                assertThat(m.messageAttributes().get(DeadLetterSinks.RECORD_ID).stringValue())
                        .isEqualTo(d.recordId());
                assertThat(m.messageAttributes().get(DeadLetterSinks.SOURCE_QUEUE).stringValue())
                        .isEqualTo(source);
                if (d.error() == null) {
                    assertThat(m.messageAttributes()).doesNotContainKey(DeadLetterSinks.ERROR);
                } else {
                    assertThat(m.messageAttributes().get(DeadLetterSinks.ERROR).stringValue())
                            .isEqualTo(d.error());
                }
            }
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (sqs.depth(source).total() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(sqs.depth(source).total())
                    .as("originals deleted after the dead-letter queue acknowledged them")
                    .isZero();
        }
    }
}
