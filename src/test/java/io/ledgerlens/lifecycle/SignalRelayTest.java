package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * SignalRelay is static. This test never calls install() (it would take the test JVM's signals), and it sets the
 * relay's state aside before and puts it back after, so a target left by another test (an in-process application)
 * never sees these fake signals.
 */
class SignalRelayTest {
    private SignalHolder saved;

    @BeforeEach
    void setAside() {
        saved = SignalRelay.replaceHolder(new SignalHolder());
    }

    @AfterEach
    void restore() {
        SignalRelay.replaceHolder(saved);
    }

    private int arrivals;

    /** Distinct arrival times, so that the order of delivery is visible in what the target receives. */
    private ReceivedSignal signal(String name) {
        return new ReceivedSignal(name, ++arrivals);
    }

    @Test
    void signalsBeforeATargetAreKeptAndReplayedInOrder() {
        final List<ReceivedSignal> first = new CopyOnWriteArrayList<>();
        SignalRelay.deliver(signal("SIGTERM"));
        SignalRelay.deliver(signal("SIGINT"));
        SignalRelay.deliver(signal("SIGTERM"));

        SignalRelay.routeTo(first::add);

        assertThat(first).containsExactly(new ReceivedSignal("SIGTERM", 1), new ReceivedSignal("SIGINT", 2),
                new ReceivedSignal("SIGTERM", 3));

        SignalRelay.deliver(signal("SIGINT"));
        assertThat(first).hasSize(4).last().isEqualTo(new ReceivedSignal("SIGINT", 4));
    }

    @Test
    void aNewTargetGetsOnlyLaterSignals() {
        final List<ReceivedSignal> first = new CopyOnWriteArrayList<>();
        final List<ReceivedSignal> second = new CopyOnWriteArrayList<>();
        SignalRelay.routeTo(first::add);
        SignalRelay.deliver(signal("SIGTERM"));

        SignalRelay.routeTo(second::add);
        SignalRelay.deliver(signal("SIGINT"));

        assertThat(first).extracting(ReceivedSignal::name).containsExactly("SIGTERM");
        assertThat(second).extracting(ReceivedSignal::name).containsExactly("SIGINT");
    }

    @Test
    void aNullTargetIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> SignalRelay.routeTo((Consumer<ReceivedSignal>) null));
    }

    @Test
    void relaysTermAndInt() {
        assertThat(SignalRelay.SIGNALS).containsExactly("TERM", "INT");
    }
}
