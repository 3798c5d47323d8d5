package dev.imageingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.PathRecord;
import dev.imageingest.model.TextFields;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PathRecordJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void okRecordIsOneJsonLineWithEveryColumn() throws Exception {
        PathRecord r =
                new PathRecord(
                        "rid",
                        "12345",
                        2,
                        "http://h/a.jpg",
                        FetchStatus.OK,
                        "s3://b/k.jpg",
                        "ab",
                        "image/jpeg",
                        1234L,
                        640,
                        480,
                        200,
                        1,
                        null,
                        0L);
        String line = new String(PathRecordJson.toJsonLine(r), StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        JsonNode json = MAPPER.readTree(line);
        assertThat(json.get("record_id").asText()).isEqualTo("rid");
        assertThat(json.get("bukken_id").isTextual()).as("one JSON type per column").isTrue();
        assertThat(json.get("bukken_id").asText()).isEqualTo("12345");
        assertThat(json.get("status").asText()).isEqualTo("OK");
        assertThat(json.get("s3_path").asText()).isEqualTo("s3://b/k.jpg");
        assertThat(json.get("size_bytes").asLong()).isEqualTo(1234L);
        assertThat(json.get("processed_at").asText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(json.get("error").isNull()).isTrue();
        assertThat(json.size()).isEqualTo(15);
    }

    @Test
    void failureRecordHasNullPathAndStringIdsStayStrings() throws Exception {
        PathRecord r =
                PathRecord.failure(
                        new ImageRequest("rid", "http://h/\"q\"\n.jpg", "B-7", 1),
                        FetchStatus.HTTP_404,
                        404,
                        1,
                        "HTTP 404 \"not\nfound\"",
                        5L);
        String line = new String(PathRecordJson.toJsonLine(r), StandardCharsets.UTF_8);
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1); // escaped newlines
        JsonNode json = MAPPER.readTree(line);
        assertThat(json.get("s3_path").isNull()).isTrue();
        assertThat(json.get("bukken_id").asText()).isEqualTo("B-7");
        assertThat(json.get("status").asText()).isEqualTo("HTTP_404");
        assertThat(json.get("url").asText()).isEqualTo("http://h/\"q\"\n.jpg");
        assertThat(json.get("http_status").asInt()).isEqualTo(404);
    }

    /**
     * The largest record the job can write, every text at its cap and every character the most
     * expensive to encode, stays far below Firehose's 1,000 KiB record limit.
     */
    @Test
    void worstCaseRecordStaysFarBelowTheFirehoseRecordLimit() throws Exception {
        // control characters are escaped as six bytes (\\u0001), the costliest per character
        String url = "\u0001".repeat(TextFields.MAX_URL_CHARS);
        String bukkenId = "\u0002".repeat(TextFields.MAX_BUKKEN_ID_CHARS);
        String error = "\u0003".repeat(10 * 1024 * 1024); // a 10 M-character exception message
        PathRecord r =
                new PathRecord(
                        "f".repeat(32),
                        bukkenId,
                        Integer.MIN_VALUE,
                        url,
                        FetchStatus.INTERNAL_ERROR,
                        "s3://" + "b".repeat(63) + "/" + "k".repeat(1024),
                        "a".repeat(64),
                        "image/jpeg",
                        Long.MIN_VALUE,
                        Integer.MIN_VALUE,
                        Integer.MIN_VALUE,
                        Integer.MIN_VALUE,
                        Integer.MIN_VALUE,
                        error,
                        Long.MAX_VALUE / 1000);
        byte[] line = PathRecordJson.toJsonLine(r);
        assertThat(line.length).isLessThan(64 * 1024).isLessThan(1000 * 1024 / 10);
        JsonNode json = MAPPER.readTree(line);
        assertThat(json.get("url").asText()).isEqualTo(url);
        assertThat(json.get("bukken_id").asText()).isEqualTo(bukkenId);
        assertThat(json.get("error").asText()).hasSize(TextFields.MAX_ERROR_CHARS).endsWith("...");
    }

    @Test
    void multiByteTextAtItsCapIsCutOnACharacterAndUnpairedSurrogatesNeverThrow() throws Exception {
        String emoji = "\ud83d\ude00"; // 4 bytes of UTF-8, 2 UTF-16 characters
        String error = "x" + emoji.repeat(TextFields.MAX_ERROR_CHARS); // a pair straddles the cut
        PathRecord r =
                PathRecord.failure(
                        new ImageRequest("rid", "http://h/\ud800", "\udc00", 1),
                        FetchStatus.INTERNAL_ERROR,
                        null,
                        0,
                        error,
                        1L);
        byte[] line = PathRecordJson.toJsonLine(r);
        JsonNode json = MAPPER.readTree(line);
        String cut = json.get("error").asText();
        assertThat(cut).endsWith("...").doesNotContain("\uFFFD");
        assertThat(cut.length()).isLessThanOrEqualTo(TextFields.MAX_ERROR_CHARS);
        assertThat(json.get("url").asText()).isEqualTo("http://h/\uFFFD");
        assertThat(json.get("bukken_id").asText()).isEqualTo("\uFFFD");
        assertThat(new String(line, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))
                .isEqualTo(line);
    }
}
