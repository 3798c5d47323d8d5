package dev.imageingest.fetch.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.model.FetchStatus;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
    private final AddressPolicy strict = AddressPolicy.strict();

    @ParameterizedTest
    @ValueSource(
            strings = {
                // first and last address of every denied IPv4 range
                "0.0.0.0",
                "0.255.255.255",
                "10.0.0.0",
                "10.255.255.255",
                "100.64.0.0",
                "100.127.255.255",
                "127.0.0.0",
                "127.255.255.255",
                "169.254.0.0",
                "169.254.169.254",
                "169.254.170.2",
                "169.254.255.255",
                "172.16.0.0",
                "172.31.255.255",
                "192.0.0.0",
                "192.0.0.255",
                "192.168.0.0",
                "192.168.255.255",
                "198.18.0.0",
                "198.19.255.255",
                "224.0.0.0",
                "239.255.255.255",
                "240.0.0.0",
                "255.255.255.255",
                // IPv6 ranges
                "::",
                "::1",
                "fc00::",
                "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "fe80::",
                "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "ff00::",
                "ff02::1",
                // IPv6 forms embedding a denied IPv4 address
                "::ffff:169.254.169.254",
                "::ffff:a9fe:a9fe",
                "::ffff:127.0.0.1",
                "64:ff9b::a9fe:a9fe",
                "64:ff9b::10.0.0.1",
                "64:ff9b::7f00:1",
                "2002:a9fe:a9fe::",
                "2002:7f00:1::1",
                "2002:c0a8:101::",
                "::a9fe:a9fe"
            })
    void deniesEveryRange(String address) throws Exception {
        assertThat(strict.deniedBecause(InetAddress.getByName(address))).as(address).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.1.1.1",
                "8.8.8.8",
                "9.255.255.255",
                "11.0.0.0",
                "100.63.255.255",
                "100.128.0.0",
                "126.255.255.255",
                "128.0.0.0",
                "169.253.255.255",
                "169.255.0.0",
                "172.15.255.255",
                "172.32.0.0",
                "192.0.1.0",
                "192.167.255.255",
                "192.169.0.0",
                "198.17.255.255",
                "198.20.0.0",
                "223.255.255.255",
                "2001:4860:4860::8888",
                "2606:4700::1111",
                "fbff::1",
                "fec0::1",
                "::ffff:8.8.8.8",
                "64:ff9b::808:808",
                "2002:808:808::1"
            })
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(strict.deniedBecause(InetAddress.getByName(address))).as(address).isEmpty();
    }

    @Test
    void embeddedIpv4IsExtractedFromEachForm() throws Exception {
        assertThat(
                        AddressPolicy.embeddedIpv4(
                                InetAddress.getByName("64:ff9b::a9fe:a9fe").getAddress()))
                .get()
                .isEqualTo(InetAddress.getByName("169.254.169.254"));
        assertThat(
                        AddressPolicy.embeddedIpv4(
                                InetAddress.getByName("2002:a9fe:a9fe::1").getAddress()))
                .get()
                .isEqualTo(InetAddress.getByName("169.254.169.254"));
        assertThat(AddressPolicy.embeddedIpv4(InetAddress.getByName("2001:db8::1").getAddress()))
                .isEmpty();
    }

    @Test
    void checkBlocksAHostWhenAnyOfItsAddressesIsDenied() throws Exception {
        List<InetAddress> mixed =
                List.of(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("169.254.169.254"));
        assertThatThrownBy(() -> strict.check("evil.test", mixed))
                .isInstanceOf(TargetBlocked.class)
                .hasMessageContaining("169.254.169.254")
                .extracting(e -> ((TargetBlocked) e).status())
                .isEqualTo(FetchStatus.BLOCKED_ADDRESS);
    }

    @Test
    void allowListExemptsCidrsAndHostNamesOnly() throws Exception {
        AddressPolicy p = AddressPolicy.allowing(List.of("127.0.0.1/32", "images.local.", "::1"));
        assertThat(p.deniedBecause(InetAddress.getByName("127.0.0.1"))).isEmpty();
        assertThat(p.deniedBecause(InetAddress.getByName("::1"))).isEmpty();
        assertThat(p.deniedBecause(InetAddress.getByName("127.0.0.2"))).isPresent();
        assertThat(p.deniedBecause(InetAddress.getByName("169.254.169.254"))).isPresent();
        assertThat(p.hostAllowed("IMAGES.local")).isTrue();
        assertThat(p.hostAllowed("evil.test")).isFalse();
        p.check("images.local", List.of(InetAddress.getByName("10.0.0.5")));
        assertThatThrownBy(() -> p.check("evil.test", List.of(InetAddress.getByName("10.0.0.5"))))
                .isInstanceOf(TargetBlocked.class);
    }

    @Test
    void anAllowListedNameNeverReachesLinkLocalOrCloudMetadata() throws Exception {
        AddressPolicy p = AddressPolicy.allowing(List.of("partner.internal"));
        p.check("partner.internal", List.of(InetAddress.getByName("10.1.2.3"))); // private: ok
        for (String metadata :
                List.of("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "fe80::1")) {
            assertThatThrownBy(
                            () ->
                                    p.check(
                                            "partner.internal",
                                            List.of(InetAddress.getByName(metadata))))
                    .as(metadata)
                    .isInstanceOf(TargetBlocked.class);
        }
        // an explicit CIDR entry is the only way to open them (tests that emulate metadata)
        AddressPolicy explicit = AddressPolicy.allowing(List.of("169.254.169.254/32"));
        explicit.check("169.254.169.254", List.of(InetAddress.getByName("169.254.169.254")));
    }
}
