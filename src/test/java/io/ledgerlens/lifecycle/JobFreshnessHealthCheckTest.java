package io.ledgerlens.lifecycle;

import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobFreshnessHealthCheckTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T00:00:00Z"));
    private final MetricRegistry metrics = new MetricRegistry();
    private final JobProgress progress = new JobProgress("ingest-ledgers", clock, metrics);
    private final JobFreshnessHealthCheck check = new JobFreshnessHealthCheck(progress, 100, Duration.ofSeconds(60));

    @Test
    void silenceIsMeasuredFromCreationUntilTheFirstSuccessAndUnhealthyOnlyPastTheLimit() {
        clock.advance(Duration.ofSeconds(60));
        assertThat(check.execute().isHealthy()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(check.execute().isHealthy()).isFalse();
        assertThat(check.execute().getMessage()).contains("has not succeeded for 60 s (limit 60 s)");
        progress.succeeded("10", 0);
        assertThat(check.execute().isHealthy()).isTrue();
    }

    @Test
    void theMessageSaysWhenNothingIsStoredOrTheLagIsNotKnownYet() {
        assertThat(check.execute().getMessage())
                .isEqualTo("ingest-ledgers has nothing stored yet, lag unknown until the source answers");
        progress.resumedAt("42");
        assertThat(check.execute().getMessage()).isEqualTo("ingest-ledgers at 42, lag unknown until the source answers");
        progress.succeeded("43", 0);
        assertThat(check.execute().getMessage()).isEqualTo("ingest-ledgers at 43, lag 0");
    }

    @Test
    void lagAboveTheLimitIsUnhealthyAtTheLimitHealthy() {
        progress.succeeded("10", 100);
        assertThat(check.execute().isHealthy()).isTrue();
        progress.succeeded("11", 101);
        assertThat(check.execute().isHealthy()).isFalse();
        assertThat(check.execute().getMessage()).contains("101 behind its source (limit 100)");
    }

    @Test
    void failuresAreCountedAndTheLastErrorReportedWithoutResettingSuccess() {
        progress.succeeded("10", 0);
        progress.failed(new IllegalStateException("horizon said 503"));
        assertThat(progress.snapshot().lastError()).isEqualTo("IllegalStateException: horizon said 503");
        assertThat(progress.snapshot().failures()).isEqualTo(1);
        assertThat(metrics.getGauges().get("jobs.ingest-ledgers.failures").getValue()).isEqualTo(1L);
        clock.advance(Duration.ofSeconds(61));
        assertThat(check.execute().getMessage()).contains("last error: IllegalStateException: horizon said 503");
    }

    @Test
    void aNegativeMaxLagMeansLagIsNotChecked() {
        final JobFreshnessHealthCheck silenceOnly = new JobFreshnessHealthCheck(progress, -1, Duration.ofSeconds(1));
        progress.succeeded("x", 1_000_000);
        assertThat(silenceOnly.execute().isHealthy()).isTrue();
    }

    @Test
    void maxSilenceMustBePositive() {
        assertThatThrownBy(() -> new JobFreshnessHealthCheck(progress, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSilence must be > 0");
    }
}
