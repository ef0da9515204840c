package io.ledgerlens.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

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

    private static final Object INSTALL_LOCK = new Object();
    private static SignalHolder holder = new SignalHolder();
    private static boolean installed;

    private SignalRelay() {
    }

    public static void install() {
        synchronized (INSTALL_LOCK) {
            if (installed) {
                return;
            }
            for (String name : SIGNALS) {
                Signal.handle(new Signal(name), s -> deliver(new ReceivedSignal("SIG" + s.getName(), System.nanoTime())));
            }
            installed = true;
        }
    }

    /** Routes signals to {@code newTarget}, first replaying any that arrived before it was set. */
    public static void routeTo(Consumer<ReceivedSignal> newTarget) {
        holder().routeTo(newTarget, () -> { });
    }

    static void deliver(ReceivedSignal signal) {
        holder().offer(signal, held -> LOG.info("{} received before the configuration was read; it is acted on as "
                + "soon as it has been", signal.name()), () -> LOG.info("{} received", signal.name()));
    }

    /** For tests, which must not see each other's targets: puts {@code replacement} in place, returns the old. */
    static synchronized SignalHolder replaceHolder(SignalHolder replacement) {
        final SignalHolder previous = holder;
        holder = Objects.requireNonNull(replacement, "replacement");
        return previous;
    }

    private static synchronized SignalHolder holder() {
        return holder;
    }
}
