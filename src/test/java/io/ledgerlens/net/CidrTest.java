package io.ledgerlens.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void containsExactlyItsNetwork() throws Exception {
        final Cidr ten = Cidr.parse("10.0.0.0/8");
        assertThat(ten.contains(ip("10.255.255.255"))).isTrue();
        assertThat(ten.contains(ip("11.0.0.0"))).isFalse();
        final Cidr odd = Cidr.parse("172.16.0.0/12");
        assertThat(odd.contains(ip("172.31.255.255"))).isTrue();
        assertThat(odd.contains(ip("172.32.0.0"))).isFalse();
        assertThat(Cidr.parse("::1/128").contains(ip("::1"))).isTrue();
        assertThat(Cidr.parse("::1/128").contains(ip("127.0.0.1"))).as("another family").isFalse();
        assertThat(Cidr.parse("192.0.2.7").contains(ip("192.0.2.7"))).isTrue();
        assertThat(Cidr.parse("192.0.2.7").contains(ip("192.0.2.8"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
    }

    @Test
    void refusesWhatIsNotANetworkWithoutLookingItUp() {
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("bad prefix");
        assertThatThrownBy(() -> Cidr.parse("::/129")).hasMessageContaining("0 to 128");
    }

    @Test
    void aNetworkIsFourOrSixteenBytesWithAPrefixThatFits() {
        assertThat(new Cidr(new byte[4], 32).prefix()).isEqualTo(32);
        assertThat(new Cidr(new byte[16], 0).prefix()).isZero();
        assertThatThrownBy(() -> new Cidr(new byte[5], 8)).hasMessageContaining("4 or 16 bytes, got 5");
        assertThatThrownBy(() -> new Cidr(new byte[4], 33)).hasMessageContaining("0 to 32, got 33");
        assertThatThrownBy(() -> new Cidr(new byte[16], -1)).hasMessageContaining("0 to 128, got -1");
    }

    @Test
    void theNetworkCannotBeChangedFromOutside() throws Exception {
        final byte[] bytes = ip("10.0.0.0").getAddress();
        final Cidr ten = new Cidr(bytes, 8);
        bytes[0] = 11;
        ten.network()[0] = 11;
        assertThat(ten.contains(ip("10.1.2.3"))).isTrue();
        assertThat(ten.contains(ip("11.1.2.3"))).isFalse();
    }
}
