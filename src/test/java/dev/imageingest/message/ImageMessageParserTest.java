package dev.imageingest.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.RecordIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageMessageParserTest {

    @Test
    void parsesThePartnerFormat() {
        ImageRequest r =
                valid(
                        "{\"URL\": \"http://example.com/test.jpg\", \"bukken_id\": 12345, \"image_type\": 2}");
        assertThat(r.url()).isEqualTo("http://example.com/test.jpg");
        assertThat(r.bukkenId()).isEqualTo("12345");
        assertThat(r.imageType()).isEqualTo(2);
        assertThat(r.recordId())
                .isEqualTo(RecordIds.forImage("http://example.com/test.jpg", "12345", 2))
                .hasSize(32);
    }

    @Test
    void acceptsLowerCaseUrlAndStringId() {
        ImageRequest r =
                valid("{\"url\": \" http://h/x.png \", \"bukken_id\": \"B-7\", \"image_type\": 0}");
        assertThat(r.url()).isEqualTo("http://h/x.png");
        assertThat(r.bukkenId()).isEqualTo("B-7");
    }

    @Test
    void sameInputSameRecordIdAcrossReplays() {
        String body = "{\"URL\": \"http://a/b.jpg\", \"bukken_id\": 1, \"image_type\": 3}";
        assertThat(valid(body).recordId()).isEqualTo(valid(body).recordId());
        assertThat(valid(body).recordId())
                .isNotEqualTo(
                        valid("{\"URL\": \"http://a/b.jpg\", \"bukken_id\": 1, \"image_type\": 4}")
                                .recordId());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not json at all|not JSON",
                "[1,2,3]|not a JSON object",
                "{\"bukken_id\": 1, \"image_type\": 2}|missing URL",
                "{\"URL\": 5, \"bukken_id\": 1, \"image_type\": 2}|URL is not a non-empty string",
                "{\"URL\": \"\", \"bukken_id\": 1, \"image_type\": 2}|URL is not a non-empty string",
                "{\"URL\": \"http://a/b\", \"image_type\": 2}|missing bukken_id",
                "{\"URL\": \"http://a/b\", \"bukken_id\": [1], \"image_type\": 2}|bukken_id is not",
                "{\"URL\": \"http://a/b\", \"bukken_id\": 1.5, \"image_type\": 2}|bukken_id is not",
                "{\"URL\": \"http://a/b\", \"bukken_id\": 1}|missing image_type",
                "{\"URL\": \"http://a/b\", \"bukken_id\": 1, \"image_type\": \"2\"}|image_type is not an integer",
                "{\"URL\": \"http://a/b\", \"bukken_id\": 1, \"image_type\": 99999999999}|image_type is not an integer",
            })
    void rejectsWithAReason(String body, String reason) {
        ParsedMessage parsed = ImageMessageParser.parse(body);
        assertThat(parsed).isInstanceOf(ParsedMessage.Invalid.class);
        ParsedMessage.Invalid invalid = (ParsedMessage.Invalid) parsed;
        assertThat(invalid.reason()).contains(reason);
        assertThat(invalid.recordId()).isEqualTo(RecordIds.forRawMessage(body));
    }

    @Test
    void emptyAndNullBodiesAreInvalidNotExceptions() {
        assertThat(ImageMessageParser.parse("")).isInstanceOf(ParsedMessage.Invalid.class);
        assertThat(ImageMessageParser.parse(null)).isInstanceOf(ParsedMessage.Invalid.class);
    }

    private static ImageRequest valid(String body) {
        ParsedMessage parsed = ImageMessageParser.parse(body);
        assertThat(parsed).isInstanceOf(ParsedMessage.Valid.class);
        return ((ParsedMessage.Valid) parsed).request();
    }
}
