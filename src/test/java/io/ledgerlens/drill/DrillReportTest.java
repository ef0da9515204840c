package io.ledgerlens.drill;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrillReportTest {
    @Test
    void oneFailedCheckFailsTheVerdictInformationNever() {
        final DrillReport report = new DrillReport();
        report.info("start-to-ready", "2000 ms");
        report.check("stop-to-exit", "1200 ms", true);
        assertThat(report.passed()).isTrue();
        assertThat(report.table()).contains("verdict         PASS").contains("stop-to-exit    ok     1200 ms");
        report.check("websocket clients", "4/5", false);
        assertThat(report.passed()).isFalse();
        assertThat(report.table()).contains("FAIL   4/5").endsWith("verdict            FAIL\n");
        assertThat(report.json()).containsEntry("passed", false);
    }

    @Test
    void requestsAreTalliedByResult() {
        final List<RequestLoad.Outcome> outcomes = List.of(new RequestLoad.Outcome(1, "200"),
                new RequestLoad.Outcome(2, "200"), new RequestLoad.Outcome(3, "503"),
                new RequestLoad.Outcome(4, "error ConnectException"));
        assertThat(RequestLoad.tally(outcomes, o -> o.sentNanos() < 3)).isEqualTo(Map.of("200", 2));
        assertThat(RequestLoad.tally(outcomes, o -> true)).containsEntry("503", 1)
                .containsEntry("error ConnectException", 1);
        assertThat(outcomes.get(2).ok()).isFalse();
    }

    @Test
    void durationsAreParsedOrRefusedByName() {
        assertThat(DrillOptions.parse("--budget", "25s")).isEqualTo(Duration.ofSeconds(25));
        assertThat(DrillOptions.parse("--budget", "1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DrillOptions.parse("--budget", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> DrillOptions.parse("--max-exit", "soon"))
                .hasMessage("--max-exit must look like 500ms, 25s or 2m, got 'soon'");
    }

    @Test
    void theLoadRateIsBounded() {
        assertThatThrownBy(() -> new RequestLoad("http://127.0.0.1:1/", 0)).hasMessageContaining("--rps must be 1..1000");
    }
}
