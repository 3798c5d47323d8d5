package dev.imageingest.fetch.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.model.FetchStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlGuardTest {
    private final UrlGuard guard = new UrlGuard(Set.of(80, 443), AddressPolicy.strict());

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ftp://example.com/a.jpg | BLOCKED_SCHEME",
                "file:///etc/passwd | BLOCKED_SCHEME",
                "gopher://example.com:70/ | BLOCKED_SCHEME",
                "jar:http://example.com/a!/b | BLOCKED_SCHEME",
                "data:image/png;base64,AAAA | BLOCKED_SCHEME",
                "//example.com/a.jpg | BLOCKED_SCHEME",
                "http://user:pw@example.com/a.jpg | BLOCKED_SCHEME",
                "http://example.com@169.254.169.254/ | BLOCKED_SCHEME",
                "http://example.com:8080/a.jpg | BLOCKED_SCHEME",
                "https://example.com:22/ | BLOCKED_SCHEME",
                "http://169.254.169.254/latest/meta-data/ | BLOCKED_ADDRESS",
                "http://169.254.170.2/v2/credentials | BLOCKED_ADDRESS",
                "http://2852039166/ | BLOCKED_ADDRESS",
                "http://0251.0376.0251.0376/ | BLOCKED_ADDRESS",
                "http://0xA9FEA9FE/ | BLOCKED_ADDRESS",
                "http://0xa9.0xfe.0xa9.0xfe/ | BLOCKED_ADDRESS",
                "http://127.1/ | BLOCKED_ADDRESS",
                "http://0/ | BLOCKED_ADDRESS",
                "http://10.1.2.3/ | BLOCKED_ADDRESS",
                "http://[::1]/ | BLOCKED_ADDRESS",
                "http://[::ffff:169.254.169.254]/ | BLOCKED_ADDRESS",
                "http://[::ffff:a9fe:a9fe]/ | BLOCKED_ADDRESS",
                "http://[64:ff9b::a9fe:a9fe]/ | BLOCKED_ADDRESS",
                "http://[2002:a9fe:a9fe::]/ | BLOCKED_ADDRESS",
                "http://[fe80::1]/ | BLOCKED_ADDRESS",
                "http://[fd00::1]/ | BLOCKED_ADDRESS",
                "http://[fe80::1%25eth0]/ | INVALID_URL",
                "http://256.1.1.1/ | INVALID_URL",
                "http://1.2.3.4.5/ | INVALID_URL",
                "http:///a.jpg | INVALID_URL",
                "http://exa mple.com/ | INVALID_URL",
                "http://%31%32%37.0.0.1/ | INVALID_URL",
                "http://example.com:99999/ | INVALID_URL",
                "http://[::1/ | INVALID_URL"
            })
    void refuses(String url, FetchStatus expected) {
        assertThatThrownBy(() -> guard.check(url))
                .as(url)
                .isInstanceOf(TargetBlocked.class)
                .extracting(e -> ((TargetBlocked) e).status())
                .isEqualTo(expected);
    }

    @Test
    void normalisesAcceptedUrls() throws Exception {
        Target t = guard.check("HTTP://Images.Example.COM/a%20b.jpg?x=1&y=2#frag");
        assertThat(t.scheme()).isEqualTo("http");
        assertThat(t.host()).isEqualTo("images.example.com");
        assertThat(t.port()).isEqualTo(80);
        assertThat(t.pathAndQuery()).isEqualTo("/a%20b.jpg?x=1&y=2");
        assertThat(guard.check("https://8.8.8.8").url()).isEqualTo("https://8.8.8.8/");
        assertThat(guard.check("http://134744072/x").host()).isEqualTo("8.8.8.8");
        assertThat(guard.check("http://[2001:4860:4860::8888]:443/").host())
                .isEqualTo("2001:4860:4860:0:0:0:0:8888");
        assertThat(guard.check("http://cdn_1.example.com/a.jpg").host())
                .isEqualTo("cdn_1.example.com");
    }

    @Test
    void redirectsAreResolvedAndCheckedAgain() throws Exception {
        Target from = guard.check("http://example.com/dir/a.jpg");
        assertThat(guard.redirect(from, "b.jpg").url()).isEqualTo("http://example.com/dir/b.jpg");
        assertThat(guard.redirect(from, "//cdn.example.com/c.jpg").url())
                .isEqualTo("http://cdn.example.com/c.jpg");
        assertThatThrownBy(() -> guard.redirect(from, "http://169.254.169.254/latest/"))
                .extracting(e -> ((TargetBlocked) e).status())
                .isEqualTo(FetchStatus.BLOCKED_ADDRESS);
        assertThatThrownBy(() -> guard.redirect(from, "http://2852039166/"))
                .extracting(e -> ((TargetBlocked) e).status())
                .isEqualTo(FetchStatus.BLOCKED_ADDRESS);
        assertThatThrownBy(() -> guard.redirect(from, "file:///etc/passwd"))
                .extracting(e -> ((TargetBlocked) e).status())
                .isEqualTo(FetchStatus.BLOCKED_SCHEME);
    }

    @Test
    void allowListExemptsLiteralsButNotPortsOrSchemes() throws Exception {
        UrlGuard local =
                new UrlGuard(Set.of(80, 9000), AddressPolicy.allowing(List.of("127.0.0.1/32")));
        assertThat(local.check("http://127.0.0.1:9000/a.jpg").host()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> local.check("http://127.0.0.2:9000/"))
                .extracting(e -> ((TargetBlocked) e).status())
                .isEqualTo(FetchStatus.BLOCKED_ADDRESS);
        assertThatThrownBy(() -> local.check("http://127.0.0.1:9001/"))
                .extracting(e -> ((TargetBlocked) e).status())
                .isEqualTo(FetchStatus.BLOCKED_SCHEME);
        assertThatThrownBy(() -> local.check("ftp://127.0.0.1:9000/"))
                .extracting(e -> ((TargetBlocked) e).status())
                .isEqualTo(FetchStatus.BLOCKED_SCHEME);
    }
}
