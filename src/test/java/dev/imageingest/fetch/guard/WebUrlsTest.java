package dev.imageingest.fetch.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.model.FetchStatus;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebUrlsTest {
    private final UrlGuard guard = new UrlGuard(Set.of(80, 443), AddressPolicy.strict());

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "https://img.example.jp/u/画像.png | https://img.example.jp/u/%E7%94%BB%E5%83%8F.png",
                "http://h/a.png?name=間取り&n=1 | http://h/a.png?name=%E9%96%93%E5%8F%96%E3%82%8A&n=1",
                "http://例え.テスト/a.jpg | http://xn--r8jz45g.xn--zckzah/a.jpg",
                "http://例え.テスト:8080/a.jpg | http://xn--r8jz45g.xn--zckzah:8080/a.jpg",
                "http://h/a b.jpg | http://h/a%20b.jpg",
                "http://h/%E7%94%BB.png | http://h/%E7%94%BB.png",
                "http://h/%e7%94%bb 画.png | http://h/%e7%94%bb%20%E7%94%BB.png",
                "http://h/100%.png?p=5%zz | http://h/100%25.png?p=5%25zz",
                "http://h\\u\\a.png?x=\\ | http://h/u/a.png?x=%5C",
                "http://h/a.png#画像 | http://h/a.png",
                "http://h/😀.png | http://h/%F0%9F%98%80.png",
                "/u/画像.png | /u/%E7%94%BB%E5%83%8F.png",
                "画像.png?q=1 | %E7%94%BB%E5%83%8F.png?q=1",
                "//例え.テスト/x | //xn--r8jz45g.xn--zckzah/x",
                "HTTP://H/a | http://H/a",
            })
    void encodesAsBrowsersDo(String url, String wire) {
        assertThat(WebUrls.toAscii(url)).isEqualTo(wire);
        assertThat(WebUrls.toAscii(wire)).as("idempotent").isEqualTo(wire);
    }

    @Test
    void encodesCharactersUrisForbidAndDropsControls() {
        assertThat(WebUrls.toAscii("http://h/a\"<>^`{|}.png"))
                .isEqualTo("http://h/a%22%3C%3E%5E%60%7B%7C%7D.png");
        assertThat(WebUrls.toAscii("  http://h/a.png \t\r\n")).isEqualTo("http://h/a.png");
        assertThat(WebUrls.toAscii("http://h/a\tb\nc.png")).isEqualTo("http://h/abc.png");
        assertThat(WebUrls.toAscii("http://h/a\u0001.png")).isEqualTo("http://h/a%01.png");
    }

    @Test
    void theGuardChecksTheEncodedFormAndTheRequestLineIsAscii() throws Exception {
        Target t = guard.check("https://例え.テスト/u/画像.png?name=間取り");
        assertThat(t.host()).isEqualTo("xn--r8jz45g.xn--zckzah");
        assertThat(t.pathAndQuery())
                .isEqualTo("/u/%E7%94%BB%E5%83%8F.png?name=%E9%96%93%E5%8F%96%E3%82%8A");
        assertThat(t.pathAndQuery().chars().allMatch(c -> c > ' ' && c < 0x7F)).isTrue();
    }

    @Test
    void fullWidthDigitsAndIdeographicDotsAreAnAddressAndBlocked() {
        // IDNA maps these to 127.0.0.1 and 169.254.169.254: the guard must see that form
        for (String url :
                new String[] {"http://１２７．０．０．１/", "http://169。254。169。254/latest/meta-data/"}) {
            assertThatThrownBy(() -> guard.check(url))
                    .as(url)
                    .isInstanceOf(TargetBlocked.class)
                    .extracting(e -> ((TargetBlocked) e).status())
                    .isEqualTo(FetchStatus.BLOCKED_ADDRESS);
        }
    }

    @Test
    void redirectsToJapaneseLocationsAreEncodedAndResolved() throws Exception {
        Target from = guard.check("http://example.com/dir/a.jpg");
        assertThat(guard.redirect(from, "画像.png").url())
                .isEqualTo("http://example.com/dir/%E7%94%BB%E5%83%8F.png");
        assertThat(guard.redirect(from, "https://例え.テスト/b.png").url())
                .isEqualTo("https://xn--r8jz45g.xn--zckzah/b.png");
    }

    @Test
    void aRawUtf8HeaderIsReadAgainAsUtf8AndLatin1StaysAsItIs() {
        String raw =
                new String(
                        "/u/画像.png".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(WebUrls.headerAsUtf8(raw)).isEqualTo("/u/画像.png");
        assertThat(WebUrls.headerAsUtf8("/caf\u00e9.png")).isEqualTo("/caf\u00e9.png"); // not UTF-8
        assertThat(WebUrls.headerAsUtf8("/plain.png")).isEqualTo("/plain.png");
        assertThat(WebUrls.headerAsUtf8(null)).isNull();
        assertThat(WebUrls.toAscii(WebUrls.headerAsUtf8("/caf\u00e9.png")))
                .isEqualTo("/caf%C3%A9.png");
    }
}
