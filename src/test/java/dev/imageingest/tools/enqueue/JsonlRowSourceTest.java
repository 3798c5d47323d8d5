package dev.imageingest.tools.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonlRowSourceTest {

    @Test
    void readsTheInputFormatAndIgnoresExtraFields() {
        assertThat(
                        JsonlRowSource.parse(
                                4,
                                "{\"URL\":\"http://h/a\",\"bukken_id\":12,\"image_type\":2,\"error\":\"x\"}"))
                .isEqualTo(SourceRow.of(4, "12", "2", "http://h/a"));
        assertThat(JsonlRowSource.parse(5, "{\"url\":\"http://h/b\",\"bukken_id\":\"B-1\"}"))
                .isEqualTo(SourceRow.of(5, "B-1", null, "http://h/b"));
    }

    @Test
    void badJsonIsAnUnreadableRow() {
        assertThat(JsonlRowSource.parse(1, "{nope").error()).startsWith("not JSON");
        assertThat(JsonlRowSource.parse(2, "[1,2]").error()).isEqualTo("not a JSON object");
    }
}
