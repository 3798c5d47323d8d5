package dev.imageingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.PathRecord;
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
        assertThat(json.get("bukken_id").isNumber()).isTrue();
        assertThat(json.get("bukken_id").asLong()).isEqualTo(12345L);
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

    @Test
    void onlyCanonicalIntegerIdsBecomeNumbers() {
        assertThat(PathRecordJson.isCanonicalInteger("12345")).isTrue();
        assertThat(PathRecordJson.isCanonicalInteger("0")).isTrue();
        assertThat(PathRecordJson.isCanonicalInteger("00123")).isFalse();
        assertThat(PathRecordJson.isCanonicalInteger("\uFF11\uFF12")).isFalse(); // full-width
        assertThat(PathRecordJson.isCanonicalInteger("12a")).isFalse();
        assertThat(PathRecordJson.isCanonicalInteger("1234567890123456789")).isFalse();
    }
}
