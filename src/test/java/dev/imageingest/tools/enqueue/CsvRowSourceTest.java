package dev.imageingest.tools.enqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.tools.common.ToolException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRowSourceTest {
    @TempDir Path dir;

    private List<SourceRow> read(Path file) throws IOException {
        List<SourceRow> rows = new ArrayList<>();
        try (CsvRowSource source = new CsvRowSource(file, ',')) {
            SourceRow row;
            while ((row = source.next()) != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void headerInAnyOrderAndCaseWithExtraColumns() throws IOException {
        Path file = write("a.csv", "URL,extra,Image_Type,BUKKEN_ID\nhttp://h/a.jpg,x,2,123\n");
        assertThat(read(file)).containsExactly(SourceRow.of(1, "123", "2", "http://h/a.jpg"));
    }

    @Test
    void quotedFieldsWithCommasEscapedQuotesAndNewlines() throws IOException {
        Path file =
                write(
                        "q.csv",
                        "bukken_id,image_type,url\n"
                                + "\"A,1\",3,\"http://h/a?x=1,2\"\n"
                                + "\"say \"\"hi\"\"\",4,http://h/b\n"
                                + "\"multi\nline\",5,http://h/c\n");
        assertThat(read(file))
                .containsExactly(
                        SourceRow.of(1, "A,1", "3", "http://h/a?x=1,2"),
                        SourceRow.of(2, "say \"hi\"", "4", "http://h/b"),
                        SourceRow.of(3, "multi\nline", "5", "http://h/c"));
    }

    @Test
    void bomCrlfAndBlankLines() throws IOException {
        Path file =
                write(
                        "bom.csv",
                        "\uFEFFbukken_id,image_type,url\r\n1,2,http://h/a\r\n\r\n2,3,http://h/b\r\n");
        assertThat(read(file))
                .containsExactly(
                        SourceRow.of(1, "1", "2", "http://h/a"),
                        SourceRow.of(2, "2", "3", "http://h/b"));
    }

    @Test
    void lastRecordWithoutNewlineAndBareCr() throws IOException {
        Path file = write("cr.csv", "bukken_id,image_type,url\r1,2,http://h/a\r2,3,http://h/b");
        assertThat(read(file))
                .containsExactly(
                        SourceRow.of(1, "1", "2", "http://h/a"),
                        SourceRow.of(2, "2", "3", "http://h/b"));
    }

    @Test
    void missingColumnsAreAClearError() throws IOException {
        Path file = write("m.csv", "bukken_id,link\n1,http://h/a\n");
        assertThatThrownBy(() -> read(file))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("lacks column(s) [image_type, url]");
    }

    @Test
    void emptyFileAndHeaderOnlyHaveNoRows() throws IOException {
        assertThat(read(write("empty.csv", ""))).isEmpty();
        assertThat(read(write("header.csv", "bukken_id,image_type,url\n"))).isEmpty();
    }

    @Test
    void wrongFieldCountIsAnUnreadableRowNotAnAbort() throws IOException {
        Path file = write("w.csv", "bukken_id,image_type,url\n1,2\n3,4,http://h/x\n");
        List<SourceRow> rows = read(file);
        assertThat(rows.get(0).error()).contains("expected 3 fields").contains("got 2");
        assertThat(rows.get(1)).isEqualTo(SourceRow.of(2, "3", "4", "http://h/x"));
    }

    @Test
    void unterminatedQuoteAborts() throws IOException {
        Path file = write("u.csv", "bukken_id,image_type,url\n\"1,2,http://h/x\n");
        assertThatThrownBy(() -> read(file)).hasMessageContaining("never closed");
    }

    @Test
    void gzipIsDetectedByContentWhateverTheName() throws IOException {
        String csv = "\uFEFFbukken_id,image_type,url\r\n7,1,http://h/z\r\n";
        for (String name : List.of("daily.csv.gz", "daily-no-gz-suffix.csv")) {
            Path file = dir.resolve(name);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(csv.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(read(file)).containsExactly(SourceRow.of(1, "7", "1", "http://h/z"));
        }
    }

    @Test
    void progressReachesTheWholeFile() throws IOException {
        Path file = write("p.csv", "bukken_id,image_type,url\n1,2,http://h/a\n");
        try (CsvRowSource source = new CsvRowSource(file, ',')) {
            while (source.next() != null) {}
            assertThat(source.fractionRead()).isEqualTo(1.0);
        }
    }
}
