package dev.imageingest.pipeline;

import static dev.imageingest.pipeline.RouteOutcomes.Route.HAND_BACK;
import static dev.imageingest.pipeline.RouteOutcomes.Route.RECORD;
import static dev.imageingest.pipeline.RouteOutcomes.Route.RECORD_AND_DEAD_LETTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.PathRecord;
import dev.imageingest.model.SqsReceipt;
import dev.imageingest.retry.DeadLetter;
import org.junit.jupiter.api.Test;

class RouteOutcomesTest {
    private static PathRecord record(FetchStatus status, int receiveCount) {
        ImageRequest request = new ImageRequest("id", "http://h/x.jpg", "b1", 1);
        request.setReceipt(
                new SqsReceipt("http://sqs/q", "handle", receiveCount, 1L).withBody("{body}"));
        return PathRecord.failure(request, status, 503, 3, "boom", 2L);
    }

    @Test
    void transientOutcomesWithReceivesLeftGoBackToTheQueue() {
        assertThat(RouteOutcomes.route(record(FetchStatus.HTTP_5XX, 1), 8, true))
                .isEqualTo(HAND_BACK);
        assertThat(RouteOutcomes.route(record(FetchStatus.STORE_FAILED, 7), 8, true))
                .isEqualTo(HAND_BACK);
        assertThat(RouteOutcomes.route(record(FetchStatus.STORE_FAILED, 7), 8, false))
                .as("with or without a dead-letter queue")
                .isEqualTo(HAND_BACK);
    }

    @Test
    void atTheLastReceiveATransientOutcomeIsFinalAndDeadLettered() {
        assertThat(RouteOutcomes.route(record(FetchStatus.TIMEOUT, 8), 8, true))
                .isEqualTo(RECORD_AND_DEAD_LETTER);
        assertThat(RouteOutcomes.route(record(FetchStatus.TIMEOUT, 8), 8, false))
                .as("no dead-letter queue: the record settles the message")
                .isEqualTo(RECORD);
    }

    @Test
    void finalOutcomesAreRecordsAtAnyReceive() {
        assertThat(RouteOutcomes.route(record(FetchStatus.HTTP_404, 1), 8, true)).isEqualTo(RECORD);
        assertThat(RouteOutcomes.route(record(FetchStatus.OK, 8), 8, true)).isEqualTo(RECORD);
    }

    @Test
    void poisonMessagesAreDeadLettered() {
        assertThat(RouteOutcomes.route(record(FetchStatus.POISON_MESSAGE, 9), 8, true))
                .isEqualTo(RECORD_AND_DEAD_LETTER);
    }

    @Test
    void recordsNotFromSqsAreNeverHandedBack() {
        PathRecord r = record(FetchStatus.HTTP_5XX, 1);
        r.setReceipt(null);
        assertThat(RouteOutcomes.route(r, 8, true)).isEqualTo(RECORD);
    }

    @Test
    void aDeadLetterCarriesTheOriginalBodyAndWhy() {
        DeadLetter d = DeadLetter.of(record(FetchStatus.HTTP_5XX, 8));
        assertThat(d.body()).isEqualTo("{body}");
        assertThat(d.status()).isEqualTo("HTTP_5XX");
        assertThat(d.error()).isEqualTo("boom");
        assertThat(d.receiveCount()).isEqualTo(8);
        assertThat(d.recordId()).isEqualTo("id");
        assertThat(d.sourceQueue()).isEqualTo("http://sqs/q");
        assertThat(d.receipt().receiptHandle()).isEqualTo("handle");
    }
}
