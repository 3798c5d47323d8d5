package dev.imageingest.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.RecordIds;
import dev.imageingest.model.TextFields;
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
    void acceptsLowerCaseUrlAndStringIdAndKeepsBothExactlyAsSent() {
        ImageRequest r =
                valid(
                        "{\"url\": \" http://h/x.png \", \"bukken_id\": \" B-7\", \"image_type\": 0}");
        // the record's url must equal the source table's for the enqueuer's anti-join
        assertThat(r.url()).isEqualTo(" http://h/x.png ");
        assertThat(r.bukkenId()).isEqualTo(" B-7");
        assertThat(r.recordId()).isEqualTo(RecordIds.forImage(" http://h/x.png ", " B-7", 0));
    }

    @Test
    void keepsJapaneseUrlsAndIdsAndBigIntegerIdsDigitForDigit() {
        ImageRequest r =
                valid(
                        "{\"URL\": \"https://例え.テスト/u/画像.png?name=間取り\", \"bukken_id\":"
                                + " 123456789012345678901234567890, \"image_type\": 1}");
        assertThat(r.url()).isEqualTo("https://例え.テスト/u/画像.png?name=間取り");
        assertThat(r.bukkenId()).isEqualTo("123456789012345678901234567890");
    }

    @Test
    void fieldsAtTheirCapPassAndOneCharacterMoreIsInvalid() {
        String url = "http://h/" + "画".repeat(TextFields.MAX_URL_CHARS - 9);
        String id = "物".repeat(TextFields.MAX_BUKKEN_ID_CHARS);
        assertThat(valid(body(url, "\"" + id + "\"")).url()).isEqualTo(url);
        assertThat(invalidReason(body(url + "x", "1")))
                .isEqualTo("URL longer than 8192 characters");
        assertThat(invalidReason(body("http://h/a.jpg", "\"" + id + "x\"")))
                .isEqualTo("bukken_id longer than 256 characters");
        // a 1 MB bukken_id (it crash-looped the sink once) is an invalid message
        assertThat(invalidReason(body("http://h/a.jpg", "\"" + "9".repeat(1 << 20) + "\"")))
                .startsWith("bukken_id longer than");
        assertThat(invalidReason(body("http://h/a.jpg", "9".repeat(300))))
                .isNotNull(); // a 300-digit number: too long either way
    }

    @Test
    void unpairedSurrogatesCannotBeWrittenAsUtf8AndAreInvalid() {
        assertThat(invalidReason(body("http://h/\\ud800.jpg", "1")))
                .isEqualTo("URL contains an unpaired surrogate");
        assertThat(invalidReason(body("http://h/a.jpg", "\"a\\udc00\"")))
                .isEqualTo("bukken_id contains an unpaired surrogate");
        // a correctly escaped pair is fine
        assertThat(valid(body("http://h/\\ud83d\\ude00.jpg", "1")).url())
                .isEqualTo("http://h/\ud83d\ude00.jpg");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"URL\": \"http://a/b\", \"bukken_id\": 1, \"image_type\": 2} trailing|not one JSON object",
                "{\"URL\": \"http://a/b\", \"bukken_id\": 1, \"image_type\": 2}{\"URL\": \"http://a/c\", \"bukken_id\": 2, \"image_type\": 2}|not one JSON object",
                "{\"URL\": \"http://a/b\", \"bukken_id\": 1, \"image_type\": 2} 7|not one JSON object",
                "{\"URL\": \"http://a/b\", \"URL\": \"http://a/c\", \"bukken_id\": 1, \"image_type\": 2}|not one JSON object",
                "{\"URL\": \"http://a/b\", \"url\": \"http://a/c\", \"bukken_id\": 1, \"image_type\": 2}|both URL and url",
            })
    void rejectsAnythingButExactlyOneObject(String body, String reason) {
        assertThat(invalidReason(body)).contains(reason);
    }

    @Test
    void whitespaceAroundTheOneObjectIsFine() {
        assertThat(
                        valid(
                                        " \n{\"URL\": \"http://a/b\", \"bukken_id\": 1, \"image_type\": 2}\n ")
                                .url())
                .isEqualTo("http://a/b");
    }

    private static String body(String url, String bukkenJson) {
        return "{\"URL\": \"" + url + "\", \"bukken_id\": " + bukkenJson + ", \"image_type\": 1}";
    }

    private static String invalidReason(String body) {
        ParsedMessage parsed = ImageMessageParser.parse(body);
        assertThat(parsed).isInstanceOf(ParsedMessage.Invalid.class);
        return ((ParsedMessage.Invalid) parsed).reason();
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
                "not json at all|not one JSON object",
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
