package io.ledgerlens.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Takes SIGTERM and SIGINT away from the JVM's default handler (which would run shutdown hooks in no particular
 * order) and hands them to one target. Installed first thing in {@code main}, before the target exists: signals
 * that arrive in between are kept and delivered, in order, when the target is set.
 */
public final class SignalRelay {
    private static final Logger LOG = LoggerFactory.getLogger(SignalRelay.class);
    public static final List<String> SIGNALS = List.of("TERM", "INT");

    private static final Object LOCK = new Object();
    private static final List<String> pending = new ArrayList<>();
    private static Consumer<String> target;
    private static boolean installed;

    private SignalRelay() {
    }

    public static void install() {
        synchronized (LOCK) {
            if (installed) {
                return;
            }
            for (String name : SIGNALS) {
                Signal.handle(new Signal(name), s -> deliver("SIG" + s.getName()));
            }
            installed = true;
        }
    }

    public static boolean isInstalled() {
        synchronized (LOCK) {
            return installed;
        }
    }

    /** Routes signals to {@code newTarget}, first replaying any that arrived before it was set. */
    public static void routeTo(Consumer<String> newTarget) {
        Objects.requireNonNull(newTarget, "target");
        final List<String> replay;
        synchronized (LOCK) {
            target = newTarget;
            replay = List.copyOf(pending);
            pending.clear();
        }
        replay.forEach(newTarget);
    }

    static void deliver(String signal) {
        final Consumer<String> current;
        synchronized (LOCK) {
            current = target;
            if (current == null) {
                pending.add(signal);
                LOG.info("{} received before the service finished initialising; it will be acted on once it has", signal);
                return;
            }
        }
        LOG.info("{} received", signal);
        current.accept(signal);
    }
}
