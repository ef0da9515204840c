package io.ledgerlens.ws;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class UpgradeQueryTest {

    @Test
    void noParametersAskForNothing() {
        final UpgradeQuery query = UpgradeQuery.of(Map.of());
        assertThat(query.since()).isNull();
        assertThat(query.from()).isEmpty();
        assertThat(query.initial()).isNull();
        assertThat(query.malformedSince()).isFalse();
    }

    @Test
    void sinceIsASequenceNumberFromZeroUp() {
        assertThat(UpgradeQuery.of(Map.of("since", List.of("0"))).from()).isEqualTo(OptionalLong.of(0));
        assertThat(UpgradeQuery.of(Map.of("since", List.of(" 42 "))).from()).isEqualTo(OptionalLong.of(42));
        assertThat(UpgradeQuery.of(Map.of("since", List.of("7", "8"))).from()).isEqualTo(OptionalLong.of(7));
        for (String bad : List.of("-1", "x", "", "1.5", "99999999999999999999")) {
            final UpgradeQuery query = UpgradeQuery.of(Map.of("since", List.of(bad)));
            assertThat(query.from()).as(bad).isEmpty();
            assertThat(query.malformedSince()).as(bad).isTrue();
            assertThat(query.since()).isEqualTo(bad);
        }
    }

    @Test
    void channelsBecomeAFirstSubscriptionThatResumesFromSince() {
        final UpgradeQuery query = UpgradeQuery.of(Map.of("channels", List.of("ledgers,pools:z,ledgers"),
                "since", List.of("5")));
        assertThat(query.initial().channels()).containsExactly("ledgers");
        assertThat(query.initial().rejected()).extracting(ClientRequest.Rejected::channel).containsExactly("pools:z");
        assertThat(query.initial().since()).isEqualTo(OptionalLong.of(5));
        assertThat(UpgradeQuery.of(Map.of("channels", List.of(" "))).initial()).isNull();
        assertThat(UpgradeQuery.of(Map.of("channels", List.of())).initial()).isNull();
    }
}
