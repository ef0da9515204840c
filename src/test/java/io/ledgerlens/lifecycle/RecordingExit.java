package io.ledgerlens.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Records exit and halt calls (also into a shared event log) instead of ending the JVM. */
final class RecordingExit implements ProcessExit {
    private final List<String> events;
    private final List<Integer> exitCodes = new CopyOnWriteArrayList<>();
    private final List<Integer> haltCodes = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> firstExit = new CompletableFuture<>();
    private final CompletableFuture<Integer> firstHalt = new CompletableFuture<>();

    RecordingExit(List<String> events) {
        this.events = events;
    }

    RecordingExit() {
        this(new CopyOnWriteArrayList<>());
    }

    @Override
    public void exit(int code) {
        exitCodes.add(code);
        events.add("exit:" + code);
        firstExit.complete(code);
    }

    @Override
    public void halt(int code) {
        haltCodes.add(code);
        events.add("halt:" + code);
        firstHalt.complete(code);
    }

    /** The first exit code, waiting for it at most {@code timeout}. */
    int awaitExit(Duration timeout) throws Exception {
        return firstExit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The first halt code, waiting for it at most {@code timeout}. */
    int awaitHalt(Duration timeout) throws Exception {
        return firstHalt.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    List<Integer> exitCodes() {
        return List.copyOf(exitCodes);
    }

    List<Integer> haltCodes() {
        return List.copyOf(haltCodes);
    }
}
