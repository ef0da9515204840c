package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RunLivenessTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final long ME = 1;
    private final Set<Long> livePids = Set.of(ME, 200L);
    private final RunLiveness liveness = new RunLiveness("host-a", ME, livePids::contains, CLOCK);

    private static ShutdownReportStore.UnfinishedRun run(String host, long pid, Instant heartbeat) {
        return new ShutdownReportStore.UnfinishedRun("r", "instance-" + host, pid, host, NOW.minusSeconds(3600), heartbeat, null, null);
    }

    @Test
    void aLiveProcessOnThisHostWithAFreshHeartbeatIsStillRunning() {
        assertThat(liveness.test(run("host-a", 200, NOW.minusSeconds(1)))).isTrue();
    }

    @Test
    void aDeadProcessOnThisHostHasEndedWhateverItsHeartbeat() {
        assertThat(liveness.test(run("host-a", 300, NOW))).isFalse();
    }

    @Test
    void anEarlierRunWithThisProcesssPidHasEnded() {
        // A restarted container is PID 1 again: the old run's PID is alive, and it is us.
        assertThat(liveness.test(run("host-a", ME, NOW))).isFalse();
    }

    @Test
    void aLivePidWhoseHeartbeatIsStaleIsAReusedPidNotTheRun() {
        assertThat(liveness.test(run("host-a", 200, NOW.minus(RunLiveness.STALE_AFTER)))).isFalse();
        assertThat(liveness.test(run("host-a", 200, NOW.minus(RunLiveness.STALE_AFTER).plusMillis(1)))).isTrue();
    }

    @Test
    void onAnotherHostOnlyTheHeartbeatCounts() {
        assertThat(liveness.test(run("host-b", 300, NOW.minus(RunLiveness.STALE_AFTER).plusMillis(1)))).isTrue();
        assertThat(liveness.test(run("host-b", 300, NOW.minus(RunLiveness.STALE_AFTER)))).isFalse();
    }

    @Test
    void withoutAHeartbeatTheStartTimeIsTheLastSign() {
        final var justStarted = new ShutdownReportStore.UnfinishedRun("r", "instance-b", 300, "host-b", NOW.minusSeconds(2), null,
                null, null);
        assertThat(justStarted.lastSeen()).isEqualTo(NOW.minusSeconds(2));
        assertThat(liveness.test(justStarted)).isTrue();
    }
}
