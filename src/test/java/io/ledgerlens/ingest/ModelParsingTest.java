package io.ledgerlens.ingest;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Assets, corridor keys and amounts: exact, and every malformed input refused with a message naming it. */
class ModelParsingTest {
    private static final String ISSUER = "GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN";

    @Test
    void assetsAreEqualExactlyWhenTypeCodeAndIssuerAre() {
        final String other = "GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5";
        final AssetId usdc = AssetId.parse("USDC:" + ISSUER);
        assertThat(usdc).isEqualTo(AssetId.credit("USDC", ISSUER)).hasSameHashCodeAs(AssetId.credit("USDC", ISSUER));
        assertThat(usdc).isNotEqualTo(AssetId.credit("USDC", other)).isNotEqualTo(AssetId.credit("USDT", ISSUER))
                .isNotEqualTo(AssetId.NATIVE).isNotEqualTo("USDC:" + ISSUER).isNotEqualTo(null);
        // Same code and issuer, another type: only the constructor can make it, and it is another asset.
        assertThat(new AssetId("credit_alphanum12", "USDC", ISSUER)).isNotEqualTo(usdc);
        assertThat(AssetId.parse("native")).isEqualTo(AssetId.NATIVE).hasSameHashCodeAs(AssetId.NATIVE);
    }

    @Test
    void assetsRoundTripThroughTheirCanonicalForm() {
        assertThat(AssetId.parse("native")).isEqualTo(AssetId.NATIVE);
        final AssetId usdc = AssetId.parse("USDC:" + ISSUER);
        assertThat(usdc.type()).isEqualTo("credit_alphanum4");
        assertThat(usdc.canonical()).isEqualTo("USDC:" + ISSUER);
        assertThat(AssetId.parse("yUSDCx:" + ISSUER).type()).isEqualTo("credit_alphanum12");
    }

    @Test
    void malformedAssetsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> AssetId.parse("USDC")).hasMessageContaining("'native' or 'CODE:ISSUER', got 'USDC'");
        assertThatThrownBy(() -> AssetId.parse("TOOLONGCODE123:" + ISSUER)).hasMessageContaining("1 to 12 letters");
        assertThatThrownBy(() -> AssetId.parse("USDC:GBAD")).hasMessageContaining("G... account id of 56");
        assertThatThrownBy(() -> AssetId.parse("")).hasMessageContaining("got nothing");
    }

    @Test
    void corridorKeysHaveExactlyOneSeparator() {
        final AssetId[] pair = Corridors.parse("native~USDC:" + ISSUER);
        assertThat(pair[0]).isEqualTo(AssetId.NATIVE);
        assertThat(pair[1].code()).isEqualTo("USDC");
        assertThat(Corridors.key(pair[0], pair[1])).isEqualTo("native~USDC:" + ISSUER);
        assertThatThrownBy(() -> Corridors.parse("native")).hasMessageContaining("SOURCE~DESTINATION");
        assertThatThrownBy(() -> Corridors.parse("native~native~native")).hasMessageContaining("SOURCE~DESTINATION");
    }

    @Test
    void amountsKeepSevenPlacesExactly() {
        assertThat(Amounts.format(Amounts.parse("105443902087.3472865"))).isEqualTo("105443902087.3472865");
        assertThat(Amounts.format(Amounts.parse("1"))).isEqualTo("1.0000000");
        assertThat(Amounts.parse("0.1").add(Amounts.parse("0.2"))).isEqualByComparingTo(new BigDecimal("0.3"));
        assertThat(Amounts.format(Amounts.parse("922337203685.4775807"))).isEqualTo("922337203685.4775807");
        assertThatThrownBy(() -> Amounts.parse("1.00000001")).hasMessageContaining("more than 7 decimal places");
        assertThatThrownBy(() -> Amounts.parse("1e400000000000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Amounts.parse("ten")).hasMessageContaining("not a decimal number: 'ten'");
    }
}
