package io.ledgerlens.ws;

import io.ledgerlens.lifecycle.PhaseStep;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the clients told {@code server_shutdown} at stop actually got, for the phase's log line and report: the
 * close handshake completed (their close reply arrived), the connection ended without a close reply before the
 * deadline (the client dropped it, or it failed), or it was aborted at the deadline with no reply. Only the last
 * makes the phase {@code timed_out}.
 */
record ShutdownCount(int notified, int handshakes, int endedWithoutReply, int abortedAtDeadline) {
    /**
     * @param notified   the clients the stop sent the notice and close frame to
     * @param unanswered every connection still open at the deadline (aborted then), notified or not
     */
    static ShutdownCount of(List<Subscriber> notified, Collection<Subscriber> unanswered) {
        final Set<Subscriber> aborted = unanswered.stream().collect(Collectors.toSet());
        int handshakes = 0;
        int without = 0;
        for (Subscriber client : notified) {
            if (aborted.contains(client)) {
                continue;
            }
            if (client.hasRepliedToClose()) {
                handshakes++;
            } else {
                without++;
            }
        }
        return new ShutdownCount(notified.size(), handshakes, without, unanswered.size());
    }

    String detail() {
        return notified + " client(s) sent server_shutdown and close 1001: " + handshakes
                + " completed the close handshake, " + endedWithoutReply + " disconnected without a close reply, "
                + abortedAtDeadline + " aborted at the deadline";
    }

    PhaseStep.Result result() {
        final PhaseStep.Result result = abortedAtDeadline == 0 ? PhaseStep.Result.clean(detail())
                : PhaseStep.Result.timedOut(detail());
        return result.with("websocketClients", notified).with("websocketCloseHandshakes", handshakes)
                .with("websocketClosedWithoutReply", endedWithoutReply).with("websocketAborted", abortedAtDeadline);
    }
}
