package dev.imageingest.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.model.FetchStatus;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class OutcomeClassTest {
    @Test
    void everyStatusIsClassified() {
        for (FetchStatus s : FetchStatus.values()) {
            assertThat(OutcomeClass.of(s)).as("%s", s).isNotNull();
        }
    }

    @Test
    void partnerTroubleIsTransientOnTheirSide() {
        for (FetchStatus s :
                EnumSet.of(
                        FetchStatus.HTTP_5XX,
                        FetchStatus.HTTP_429,
                        FetchStatus.TIMEOUT,
                        FetchStatus.CONNECTION_RESET,
                        FetchStatus.CONNECT_FAILURE,
                        FetchStatus.DNS_FAILURE)) {
            assertThat(OutcomeClass.of(s)).as("%s", s).isEqualTo(OutcomeClass.TRANSIENT_PARTNER);
        }
    }

    @Test
    void storeFailuresAndOperatorTimeoutsAreOurs() {
        assertThat(OutcomeClass.of(FetchStatus.STORE_FAILED))
                .isEqualTo(OutcomeClass.TRANSIENT_OURS);
        assertThat(OutcomeClass.of(FetchStatus.OPERATOR_TIMEOUT))
                .isEqualTo(OutcomeClass.TRANSIENT_OURS);
    }

    @Test
    void answersAboutTheImageOrMessageAreFinal() {
        for (FetchStatus s :
                EnumSet.of(
                        FetchStatus.OK,
                        FetchStatus.HTTP_404,
                        FetchStatus.HTTP_410,
                        FetchStatus.HTTP_4XX,
                        FetchStatus.NOT_AN_IMAGE,
                        FetchStatus.TOO_LARGE,
                        FetchStatus.BLOCKED_ADDRESS,
                        FetchStatus.INVALID_MESSAGE,
                        FetchStatus.TLS_FAILURE,
                        FetchStatus.BAD_RESPONSE,
                        FetchStatus.POISON_MESSAGE)) {
            assertThat(OutcomeClass.of(s).transientOutcome()).as("%s", s).isFalse();
        }
    }

    @Test
    void theDownloadersInCallRetriesAreAllRetriedLaterToo() {
        for (FetchStatus s : FetchStatus.values()) {
            if (s.retryable()) {
                assertThat(OutcomeClass.of(s).transientOutcome()).as("%s", s).isTrue();
            }
        }
    }
}
