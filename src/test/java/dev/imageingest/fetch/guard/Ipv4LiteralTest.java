package dev.imageingest.fetch.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4LiteralTest {

    @ParameterizedTest
    @CsvSource({
        "169.254.169.254, 169.254.169.254",
        "2852039166, 169.254.169.254",
        "0251.0376.0251.0376, 169.254.169.254",
        "0xA9FEA9FE, 169.254.169.254",
        "0xa9.0xfe.0xa9.0xfe, 169.254.169.254",
        "169.254.43518, 169.254.169.254",
        "169.16689662, 169.254.169.254",
        "127.1, 127.0.0.1",
        "127.0.1, 127.0.0.1",
        "0, 0.0.0.0",
        "0x7f.1, 127.0.0.1",
        "017700000001, 127.0.0.1",
        "127.0.0.1., 127.0.0.1",
        "8.8.8.8, 8.8.8.8"
    })
    void normalisesEverySpelling(String host, String expected) {
        assertThat(Ipv4Literal.parse(host))
                .get()
                .extracting(a -> a.getHostAddress())
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "evil.test", "1.2.3.example", "0x.example", "a1"})
    void namesAreNotLiterals(String host) {
        assertThat(Ipv4Literal.parse(host)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"256.1.1.1", "1.2.3.4.5", "09.1.1.1", "4294967296", "1.2.65536", "0xfg.1"})
    void rejectsNumericHostsThatAreNoAddress(String host) {
        assertThatThrownBy(() -> Ipv4Literal.parse(host))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJdkReadsOddSpellingsInconsistentlySoTheGuardParsesThemItself() throws Exception {
        // java.net.URI: some spellings have a host, others none (registry authority)
        assertThat(URI.create("http://2852039166/").getHost()).isEqualTo("2852039166");
        assertThat(URI.create("http://0xA9FEA9FE/").getHost()).isEqualTo("0xA9FEA9FE");
        assertThat(URI.create("http://127.1/").getHost()).isNull();
        assertThat(URI.create("http://0251.0376.0251.0376/").getHost()).isNull();
        // InetAddress reads decimal and short forms as literals (no lookup) ...
        assertThat(InetAddress.getByName("2852039166").getHostAddress())
                .isEqualTo("169.254.169.254");
        assertThat(InetAddress.getByName("127.1").getHostAddress()).isEqualTo("127.0.0.1");
        // ... but would send "0xA9FEA9FE" and "0251.0376.0251.0376" to DNS as names (not called
        // here: no network in tests), where curl and browsers read them as 169.254.169.254.
        assertThat(Ipv4Literal.parse("0xA9FEA9FE"))
                .isEqualTo(Ipv4Literal.parse("0251.0376.0251.0376"));
    }
}
