package dev.imageingest.tools.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imageingest.tools.common.JsonlOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file never claims a row whose failed line is not on disk yet. */
class EnqueuerCheckpointTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path dir;

    private static OutboundMessage message(long row) {
        return new OutboundMessage(
                row,
                MessageBodies.body("http://h/" + row + ".jpg", "" + row, 1),
                "id" + row,
                "" + row);
    }

    /** Rows of the failed file as it is on disk now (buffered lines excluded). */
    private List<Long> failedRowsOnDisk(Path failed) throws IOException {
        List<Long> rows = new ArrayList<>();
        if (Files.exists(failed)) {
            for (String line : Files.readAllLines(failed)) {
                rows.add(MAPPER.readTree(line).get("row").asLong());
            }
        }
        return rows;
    }

    @Test
    void aRowFailingDuringTheSyncIsRecordedOnlyByTheNextCheckpoint() throws IOException {
        Path failed = dir.resolve("failed.jsonl");
        StateFile state = new StateFile(dir.resolve("state.json"), "test");
        AckWatermark watermark = new AckWatermark(0);
        try (RowReports reports =
                new RowReports(
                        new JsonlOutput(failed, false),
                        null,
                        new PrintStream(OutputStream.nullOutputStream()))) {
            // the listener's order: the failed line is written, then the row is finished
            reports.failed(message(1), "refused");
            watermark.finished(1);
            watermark.finished(2); // sent

            Enqueuer.checkpoint(
                    watermark::value,
                    () -> {
                        reports.sync();
                        // an SDK callback lands right after the sync: row 3 fails (line buffered)
                        reports.failed(message(3), "refused");
                        watermark.finished(3);
                    },
                    state::write);

            // reading the watermark after the sync would record 3 with row 3's line unflushed
            assertThat(state.completedRows()).isEqualTo(2);
            assertThat(failedRowsOnDisk(failed)).containsExactly(1L);

            Enqueuer.checkpoint(watermark::value, reports::sync, state::write);
            assertThat(state.completedRows()).isEqualTo(3);
            assertThat(failedRowsOnDisk(failed)).containsExactly(1L, 3L);
        }
    }
}
