package dev.imageingest.tools.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AckWatermarkTest {

    @Test
    void advancesOnlyOverContiguousFinishedRows() {
        AckWatermark w = new AckWatermark(10);
        w.finished(12);
        w.finished(13);
        assertThat(w.value()).isEqualTo(10);
        w.finished(11);
        assertThat(w.value()).isEqualTo(13);
        w.finished(15);
        w.finished(5); // below: ignored
        assertThat(w.value()).isEqualTo(13);
        w.finished(14);
        assertThat(w.value()).isEqualTo(15);
    }

    @Test
    void shuffledCompletionEndsAtTheLastRow() {
        List<Long> rows = new ArrayList<>();
        for (long i = 1; i <= 100_000; i++) {
            rows.add(i);
        }
        Collections.shuffle(rows, new Random(42));
        AckWatermark w = new AckWatermark(0);
        long missing = rows.remove(500);
        rows.forEach(w::finished);
        assertThat(w.value()).isEqualTo(missing - 1);
        w.finished(missing);
        assertThat(w.value()).isEqualTo(100_000);
    }
}
