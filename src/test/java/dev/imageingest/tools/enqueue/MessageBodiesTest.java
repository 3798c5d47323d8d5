package dev.imageingest.tools.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.message.ImageMessageParser;
import dev.imageingest.message.ParsedMessage;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.RecordIds;
import org.junit.jupiter.api.Test;

class MessageBodiesTest {

    private static OutboundMessage valid(String bukken, String type, String url) {
        MessageBodies.Result r = MessageBodies.build(SourceRow.of(1, bukken, type, url));
        assertThat(r).isInstanceOf(MessageBodies.Valid.class);
        return ((MessageBodies.Valid) r).message();
    }

    private static String invalid(String bukken, String type, String url) {
        MessageBodies.Result r = MessageBodies.build(SourceRow.of(9, bukken, type, url));
        assertThat(r).isInstanceOf(MessageBodies.Invalid.class);
        assertThat(((MessageBodies.Invalid) r).rowNumber()).isEqualTo(9);
        return ((MessageBodies.Invalid) r).reason();
    }

    @Test
    void numericIdsAreNumbersOthersStrings() {
        assertThat(valid("12345", " 2 ", "http://h/a.jpg").body())
                .isEqualTo("{\"URL\":\"http://h/a.jpg\",\"bukken_id\":12345,\"image_type\":2}");
        assertThat(valid("007", "2.0", "https://h/b").body())
                .isEqualTo("{\"URL\":\"https://h/b\",\"bukken_id\":\"007\",\"image_type\":2}");
        assertThat(valid("B-9", "-1", "http://h/\"q\"").body())
                .isEqualTo(
                        "{\"URL\":\"http://h/\\\"q\\\"\",\"bukken_id\":\"B-9\",\"image_type\":-1}");
    }

    @Test
    void theJobParsesWhatWeSendIntoTheSameRecordId() {
        for (String[] row :
                new String[][] {
                    {"12345", "2", "http://h/a.jpg"},
                    {"007", "1", "https://h/é?x=1,2"},
                    {"x y", "3", "http://h/c"},
                    // padded values go out as the source has them, so the anti-join on the
                    // recorded url and bukken_id matches the source row
                    {" 12345 ", "2", " http://h/a.jpg "},
                    {"9", "2", "http://h/画像.png "}
                }) {
            OutboundMessage m = valid(row[0], row[1], row[2]);
            ParsedMessage parsed = ImageMessageParser.parse(m.body());
            assertThat(parsed).isInstanceOf(ParsedMessage.Valid.class);
            ImageRequest request = ((ParsedMessage.Valid) parsed).request();
            assertThat(request.bukkenId()).isEqualTo(row[0]);
            assertThat(request.url()).isEqualTo(row[2]);
            assertThat(request.recordId())
                    .isEqualTo(m.recordId())
                    .isEqualTo(RecordIds.forImage(row[2], row[0], Integer.parseInt(row[1])));
        }
    }

    @Test
    void invalidRowsSayWhy() {
        assertThat(invalid("1", "2", null)).isEqualTo("missing URL");
        assertThat(invalid("1", "2", "  ")).isEqualTo("missing URL");
        assertThat(invalid("1", "2", "ftp://h/a")).startsWith("URL is not http(s)");
        assertThat(invalid("1", "2", "http://h/a b")).startsWith("URL contains whitespace");
        assertThat(invalid("1", "2", "http://h/" + "a".repeat(9000))).contains("longer than");
        assertThat(invalid(null, "2", "http://h/a")).isEqualTo("missing bukken_id");
        assertThat(invalid("a\u0001b", "2", "http://h/a")).startsWith("bad bukken_id");
        assertThat(invalid("1", "", "http://h/a")).isEqualTo("missing image_type");
        assertThat(invalid("1", "two", "http://h/a")).isEqualTo("bad image_type: two");
        assertThat(invalid("1", "2.5", "http://h/a")).isEqualTo("bad image_type: 2.5");
        assertThat(invalid("1", "99999999999", "http://h/a")).startsWith("bad image_type");
        MessageBodies.Result unreadable =
                MessageBodies.build(SourceRow.unreadable(3, "expected 3 fields"));
        assertThat(unreadable).isEqualTo(new MessageBodies.Invalid(3, "expected 3 fields"));
    }
}
