package io.ledgerlens.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Name lookups for webhook targets, on a pool of their own with a fixed number of threads and a bounded queue, each
 * with a timeout. A name whose DNS never answers holds at most one of these threads until the system resolver gives
 * up (a blocked lookup cannot be interrupted); when all threads are held and the queue is full, a lookup is refused
 * at once instead of waiting, so webhook name lookups can never take more threads than this pool has.
 */
final class HostLookup {
    static final int DEFAULT_THREADS = 4;
    static final int DEFAULT_QUEUE = 32;

    /** Turns a host name into its addresses, as {@link InetAddress#getAllByName} does; tests inject their own. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A lookup that came to no usable answer; the message says why and never names an address. */
    static final class Failed extends Exception {
        Failed(String message) {
            super(message, null, false, false);
        }
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Resolver resolver;
    private final ThreadPoolExecutor pool;

    HostLookup(Resolver resolver, int threads, int queue) {
        this.resolver = resolver;
        final int id = POOLS.incrementAndGet();
        final AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                r -> {
                    final Thread t = new Thread(r, "webhooks-dns-" + id + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    static HostLookup system() {
        return new HostLookup(InetAddress::getAllByName, DEFAULT_THREADS, DEFAULT_QUEUE);
    }

    /**
     * @return the host's addresses; completes exceptionally with {@link Failed} when the name does not resolve,
     * does not answer within {@code timeout}, or the pool is full
     */
    CompletableFuture<List<InetAddress>> lookup(String host, Duration timeout) {
        final CompletableFuture<List<InetAddress>> answer = new CompletableFuture<>();
        final Future<?> task;
        try {
            task = pool.submit(() -> {
                try {
                    answer.complete(List.of(resolver.resolve(host)));
                } catch (UnknownHostException e) {
                    answer.completeExceptionally(new Failed("url host '" + host + "' does not resolve"));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(new Failed("url host '" + host + "' could not be resolved: "
                            + e.getClass().getSimpleName()));
                }
            });
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(new Failed("url host '" + host + "' was not looked up: too many name "
                    + "lookups in progress; try again later"));
            return answer;
        }
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((addresses, failure) -> {
            if (failure instanceof TimeoutException) {
                // Still queued: out of the queue at once. Already running: a blocked lookup cannot be interrupted;
                // its thread comes back when the system resolver gives up.
                task.cancel(false);
                pool.remove((Runnable) task);
            }
        }).handle((addresses, failure) -> {
            if (failure == null) {
                return addresses;
            }
            final Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                throw new CompletionException(new Failed("url host '" + host + "' did not resolve within "
                        + timeout.toMillis() + " ms"));
            }
            throw new CompletionException(cause);
        });
    }

    /** Lookups running or waiting: never more than the pool's threads plus its queue. */
    int inProgress() {
        return pool.getActiveCount() + pool.getQueue().size();
    }
}
