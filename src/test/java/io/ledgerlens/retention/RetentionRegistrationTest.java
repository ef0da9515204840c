package io.ledgerlens.retention;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.jackson.Jackson;
import io.ledgerlens.db.Database;
import io.ledgerlens.db.FencedOutException;
import io.ledgerlens.db.SqlLeaseStore;
import io.ledgerlens.db.WriteFence;
import io.ledgerlens.lifecycle.BackgroundJobs;
import io.ledgerlens.lifecycle.LeaseKeeper;
import io.ledgerlens.lifecycle.Ticker;
import io.ledgerlens.sync.CorridorSync;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job as the application registers it: on the lease holder, writing through the fenced database. */
class RetentionRegistrationTest {
    static final String LEASE = "singleton";

    @TempDir
    Path dir;
    Database db;
    StoredRows rows;
    LeaseKeeper leader;
    LeaseKeeper follower;

    @BeforeEach
    void open() throws Exception {
        db = TestDatabases.open(dir.resolve("ledgerlens.db"));
        rows = new StoredRows(db);
        rows.ledgers(1, 10, Clock.systemUTC().instant().minus(Duration.ofDays(30)), 2);
        rows.cursor(CorridorSync.CHECKPOINT, 10);
        leader = keeper("a");
        follower = keeper("b");
        leader.step();
        follower.step();
        assertThat(leader.isLeader()).isTrue();
        assertThat(follower.isLeader()).isFalse();
    }

    @AfterEach
    void close() throws Exception {
        db.stop(Duration.ofSeconds(1));
    }

    LeaseKeeper keeper(String holder) {
        return new LeaseKeeper(new SqlLeaseStore(db.jdbi(), db.dialect()), LEASE, holder, "run-" + holder,
                Duration.ofSeconds(30),
                Duration.ofSeconds(1), Ticker.SYSTEM);
    }

    Database fenced(LeaseKeeper keeper) {
        return db.fenced(WriteFence.ofLease(LEASE, keeper::token, db.dialect()));
    }

    static RetentionConfig config(boolean enabled) {
        return Jackson.newObjectMapper().convertValue(Map.of("enabled", enabled, "interval", "1s", "batchSize", 4),
                RetentionConfig.class);
    }

    @Test
    void theLeadersJobDeletesWhatAgedOut() throws Exception {
        final BackgroundJobs jobs = new BackgroundJobs(Ticker.SYSTEM);
        final MetricRegistry metrics = new MetricRegistry();
        final RetentionJob job = Retention.register(config(true), jobs, leader, fenced(leader), 0, true,
                Duration.ofSeconds(5), Clock.systemUTC(), Ticker.SYSTEM, metrics);
        assertThat(jobs.status()).anyMatch(s -> s.name().equals(Retention.JOB));
        jobs.start();
        try {
            Poll.until("old ledgers deleted", Duration.ofSeconds(30),
                    () -> rows.count("SELECT COUNT(*) FROM ledgers") == 1);
        } finally {
            jobs.stop(Duration.ofSeconds(5));
        }
        assertThat(job.deleted("ledgers")).isEqualTo(9);
        assertThat(metrics.counter("retention.payments.deleted").getCount()).isEqualTo(18);
    }

    @Test
    void anInstanceWithoutTheLeaseCannotDelete() {
        final RetentionJob job = Retention.register(config(false), new BackgroundJobs(Ticker.SYSTEM), follower,
                fenced(follower), 0, true, Duration.ofSeconds(5), Clock.systemUTC(), Ticker.SYSTEM,
                new MetricRegistry());

        assertThatThrownBy(() -> job.run(() -> false)).isInstanceOf(FencedOutException.class);
        assertThat(rows.count("SELECT COUNT(*) FROM ledgers")).isEqualTo(10);
    }

    @Test
    void disabledItIsNotRegisteredButStillReturned() {
        final BackgroundJobs jobs = new BackgroundJobs(Ticker.SYSTEM);
        final RetentionJob job = Retention.register(config(false), jobs, leader, fenced(leader), 0, true,
                Duration.ofSeconds(5), Clock.systemUTC(), Ticker.SYSTEM, new MetricRegistry());
        assertThat(job).isNotNull();
        assertThat(jobs.status()).noneMatch(s -> s.name().equals(Retention.JOB));
    }
}
