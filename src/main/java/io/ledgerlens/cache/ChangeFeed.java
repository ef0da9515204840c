package io.ledgerlens.cache;

import io.ledgerlens.lifecycle.JobUnit;
import io.ledgerlens.lifecycle.WakeSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Tells the other instances sharing a Redis that a commit changed a kind of data, so that they drop their
 * in-process copies and wake their event-log readers now instead of at their next poll. A hint only, never the
 * data: a lost message costs at most one poll interval or one local-cache TTL. Runs as a long-running background
 * job that holds one subscribed connection and subscribes again after Redis comes back.
 */
public final class ChangeFeed implements JobUnit {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    public static final String CHANNEL = "ledgerlens:v1:changes";
    /** The message for a commit that changed no cached kind (webhook fan-out, say): readers still wake. */
    static final String EVENTS = "events";
    /** The message of an instance that has just released the singleton lease. */
    static final String LEASE_RELEASED = "lease-released";
    static final Duration RETRY = Duration.ofSeconds(1);

    private final RedisCache redis;
    private final URI uri;
    private final int connectTimeoutMs;
    private final String sender;
    private final Consumer<Optional<CacheKind>> onChange;
    private final Runnable onLeaseReleased;
    private final WakeSignal retry = new WakeSignal();
    private volatile JedisPubSub subscription;
    private volatile Jedis connection;
    private volatile boolean stopping;

    /**
     * @param sender   this instance's run id: its own messages are not handed back to it
     * @param onChange        told of each other instance's change: the kind, or empty when only events were appended
     * @param onLeaseReleased told when another instance has released the singleton lease
     */
    public ChangeFeed(RedisCache redis, RedisConfig config, String sender, Consumer<Optional<CacheKind>> onChange,
                      Runnable onLeaseReleased) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.uri = URI.create(config.url());
        this.connectTimeoutMs = (int) config.connectTimeout().toMillis();
        this.sender = Objects.requireNonNull(sender, "sender");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.onLeaseReleased = Objects.requireNonNull(onLeaseReleased, "onLeaseReleased");
    }

    /** Best effort, on the committing thread: a Redis that is down is skipped without a wait. */
    public void publish(Optional<CacheKind> kind) {
        if (redis.isAvailable()) {
            redis.publish(CHANNEL, sender + " " + kind.map(CacheKind::label).orElse(EVENTS));
        }
    }

    /** Best effort: followers look at once instead of at their next poll. */
    public void publishLeaseReleased() {
        if (redis.isAvailable()) {
            redis.publish(CHANNEL, sender + " " + LEASE_RELEASED);
        }
    }

    @Override
    public void run(StopToken stop) throws InterruptedException {
        while (!stop.stopRequested() && !stopping) {
            try (Jedis jedis = new Jedis(uri, connectTimeoutMs, connectTimeoutMs)) {
                final JedisPubSub pubSub = new Listener();
                connection = jedis;
                subscription = pubSub;
                if (stopping) {
                    return;
                }
                // Blocks until unsubscribed (at stop) or the connection breaks.
                jedis.subscribe(pubSub, CHANNEL);
            } catch (RuntimeException e) {
                if (!stopping) {
                    LOG.debug("change feed: subscription to {} ended ({}); again in {}", CHANNEL, e.toString(), RETRY);
                }
            } finally {
                subscription = null;
                connection = null;
            }
            if (!stopping) {
                retry.await(RETRY);
            }
        }
    }

    /** Closes the connection rather than unsubscribing: a Redis that hangs would never answer an unsubscribe. */
    @Override
    public void onStopRequested() {
        stopping = true;
        retry.wake();
        final Jedis jedis = connection;
        if (jedis != null) {
            try {
                jedis.disconnect();
            } catch (RuntimeException e) {
                LOG.debug("change feed: disconnect failed", e);
            }
        }
    }

    /** For tests: whether the feed is listening now. */
    public boolean isSubscribed() {
        final JedisPubSub pubSub = subscription;
        return pubSub != null && pubSub.isSubscribed();
    }

    private final class Listener extends JedisPubSub {
        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            LOG.info("change feed: listening on redis channel {}", channel);
        }

        @Override
        public void onMessage(String channel, String message) {
            final int space = message.indexOf(' ');
            if (space < 0 || message.substring(0, space).equals(sender)) {
                return;
            }
            final String what = message.substring(space + 1);
            if (what.equals(LEASE_RELEASED)) {
                onLeaseReleased.run();
                return;
            }
            final Optional<CacheKind> kind = java.util.Arrays.stream(CacheKind.values())
                    .filter(k -> k.label().equals(what)).findFirst();
            try {
                onChange.accept(kind);
            } catch (RuntimeException e) {
                LOG.warn("change feed: listener failed on {}", message, e);
            }
        }
    }
}
