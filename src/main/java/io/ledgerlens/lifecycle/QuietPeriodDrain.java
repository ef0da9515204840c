package io.ledgerlens.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * The drain phase: readiness turns 503 at once, then the server keeps serving while load balancers notice.
 * It ends once {@code minWait} has passed and nothing has happened for {@code quietPeriod} (no request in
 * flight, none arrived), and never later than its budget ({@code maxWait}, cut to the shared deadline).
 * The quiet period counts from the drain start at the earliest: requests that ended before the signal say
 * nothing about whether the balancer has noticed.
 */
public final class QuietPeriodDrain implements PhaseStep {
    static final Duration POLL = Duration.ofMillis(25);

    private final DrainState drain;
    private final RequestTracker tracker;
    private final Duration minWait;
    private final Duration quietPeriod;
    private final Ticker ticker;
    private final Sleeper sleeper;

    public QuietPeriodDrain(DrainState drain, RequestTracker tracker, Duration minWait, Duration quietPeriod,
                            Ticker ticker, Sleeper sleeper) {
        this.drain = Objects.requireNonNull(drain, "drain");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.minWait = requireNonNegative(minWait, "minWait");
        this.quietPeriod = requireNonNegative(quietPeriod, "quietPeriod");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public Result run(Duration budget) throws InterruptedException {
        final boolean wasStarted = drain.isStarted();
        drain.drainForShutdown();
        final long inFlightAtStart = tracker.inFlight();
        if (!wasStarted) {
            return Result.skipped("the server never became ready: nothing to drain")
                    .with("inFlightAtDrainStart", inFlightAtStart);
        }
        final long start = ticker.nanos();
        final long max = start + budget.toNanos();
        while (true) {
            final long now = ticker.nanos();
            final long quietSince = Math.max(start, tracker.lastActivityNanos());
            if (now - start >= minWait.toNanos() && tracker.inFlight() == 0
                    && now - quietSince >= quietPeriod.toNanos()) {
                return Result.clean("quiet after " + millis(now - start) + " ms")
                        .with("inFlightAtDrainStart", inFlightAtStart);
            }
            if (now >= max) {
                return Result.clean("max wait reached after " + millis(now - start) + " ms, "
                        + tracker.inFlight() + " request(s) still in flight")
                        .with("inFlightAtDrainStart", inFlightAtStart);
            }
            sleeper.sleep(Duration.ofNanos(Math.min(POLL.toNanos(), max - now)));
        }
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private static Duration requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + d);
        }
        return d;
    }
}
