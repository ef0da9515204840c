package io.ledgerlens.drill;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** One drill: load, stop, wait for the exit, optionally restart, and check what happened against the promises. */
final class Drill {
    private final DrillOptions options;
    private final Instance instance;
    private final Path workDir;
    private final DrillReport report = new DrillReport();

    Drill(DrillOptions options, Instance instance, Path workDir) {
        this.options = options;
        this.instance = instance;
        this.workDir = workDir;
    }

    DrillReport run() throws Exception {
        if (instance.canRestart()) {
            progress("work directory " + workDir);
            final Duration ready = instance.start(Duration.ofSeconds(90));
            progress("started pid " + instance.pid() + ", ready after " + ready.toMillis() + " ms");
            report.info("start-to-ready", ready.toMillis() + " ms");
        }
        // Webhooks are checked on an instance the drill started: its receiver is local and its database readable.
        final WebhookCheck webhooks = instance.canRestart() ? WebhookCheck.subscribe(instance) : null;
        if (webhooks != null) {
            progress("webhook receiver subscribed to every event type");
        } else {
            report.info("webhook events", "not checked: the drill checks webhooks on an instance it starts");
        }
        try {
            run(webhooks);
        } finally {
            if (webhooks != null) {
                webhooks.close();
            }
        }
        return report;
    }

    private void run(WebhookCheck webhooks) throws Exception {
        final WebSocketClients sockets = new WebSocketClients();
        sockets.connect(instance.app().replaceFirst("^http", "ws") + "/ws", options.websockets());
        progress(options.websockets() + " WebSocket client(s) connected");
        try (RequestLoad load = new RequestLoad(instance.app() + options.path(), options.rps())) {
            load.start();
            for (long s = 1; s <= options.before().toSeconds(); s++) {
                Thread.sleep(1000);
                progress("load running: " + load.sent() + " request(s) answered");
            }
            final long signalNanos = System.nanoTime();
            stop();
            final Optional<Integer> exit = instance.awaitExit(options.budget().plusSeconds(10));
            final long exitNanos = System.nanoTime();
            final int expected = (int) ((exitNanos - signalNanos) / 1_000_000_000.0 * options.rps() + load.sent());
            load.stopSending(Math.min(expected, load.sent()));
            sockets.awaitClosed(Duration.ofSeconds(5));
            progress("stopped: exit " + exit.map(String::valueOf).orElse("unknown") + " after "
                    + Duration.ofNanos(exitNanos - signalNanos).toMillis() + " ms");
            judgeRequests(load.outcomes(), signalNanos);
            judgeSockets(sockets.clients());
            judgeExit(exit, Duration.ofNanos(exitNanos - signalNanos));
            if (webhooks != null) {
                webhooks.markStopped();
                progress(webhooks.acknowledged() + " webhook deliveries acknowledged before the exit");
            }
        }
        if (options.restart()) {
            final Duration ready = instance.start(Duration.ofSeconds(90));
            progress("restarted pid " + instance.pid() + ", ready after " + ready.toMillis() + " ms");
            judgeReport();
            judgeLedgers();
            judgeResume(sockets);
            if (webhooks != null) {
                progress("waiting for the webhook deliveries left by the stop");
                webhooks.judge(report, Duration.ofSeconds(60));
            }
            instance.signal("TERM");
            instance.awaitExit(options.budget().plusSeconds(10));
        } else if (webhooks != null) {
            webhooks.report(report);
        }
    }

    private void stop() throws Exception {
        progress("stopping: " + options.stop());
        switch (options.stop()) {
            case "sigterm" -> instance.signal("TERM");
            case "sigkill" -> instance.signal("KILL");
            case "admin" -> {
                final HttpResponse<String> r = instance.post(instance.admin() + "/tasks/shutdown");
                if (r.statusCode() != 202) {
                    throw new IllegalStateException("admin shutdown task answered " + r.statusCode() + ": " + r.body());
                }
            }
            default -> {
                instance.signal("TERM");
                // The second signal must land while the first shutdown runs: once readiness has turned.
                final long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < deadline && readiness() == 200) {
                    Thread.sleep(10);
                }
                instance.signal("TERM");
            }
        }
    }

    private int readiness() {
        try {
            return instance.get(instance.app() + "/health-check").statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private void judgeRequests(List<RequestLoad.Outcome> outcomes, long signalNanos) {
        final Map<String, Integer> before = RequestLoad.tally(outcomes, o -> o.sentNanos() < signalNanos);
        final Map<String, Integer> during = RequestLoad.tally(outcomes, o -> o.sentNanos() >= signalNanos);
        final long failedBefore = outcomes.stream().filter(o -> o.sentNanos() < signalNanos && !o.ok()).count();
        final long failedDuring = outcomes.stream().filter(o -> o.sentNanos() >= signalNanos && !o.ok()).count();
        report.put("requestsBeforeStop", before);
        report.put("requestsDuringStop", during);
        final String beforeText = total(before) + " sent: " + before;
        if (options.expectsCleanExit() || options.strict()) {
            report.check("requests sent before the stop", beforeText, failedBefore == 0);
        } else {
            report.info("requests sent before the stop", beforeText + " (a kill ends requests in flight)");
        }
        final String duringText = total(during) + " sent: " + during;
        if (options.strict()) {
            report.check("requests sent during the stop", duringText, failedDuring == 0);
        } else {
            report.info("requests sent during the stop", duringText + " (refused ones are for the balancer to retry)");
        }
    }

    private void judgeSockets(List<WebSocketClients.Client> clients) {
        final Map<String, Long> kinds = clients.stream()
                .collect(Collectors.groupingBy(WebSocketClients.Client::describe, Collectors.counting()));
        report.put("websockets", kinds);
        final long good = clients.stream().filter(WebSocketClients.Client::closedWellWithNotice).count();
        final String text = good + "/" + clients.size() + " got server_shutdown and 1001: " + kinds;
        if (options.expectsCleanExit()) {
            report.check("websocket clients", text, good == clients.size());
        } else {
            report.info("websocket clients", text);
        }
    }

    private void judgeExit(Optional<Integer> exit, Duration took) {
        report.put("stopToExitMs", took.toMillis());
        report.put("exitCode", exit.orElse(null));
        if (!instance.hasProcess()) {
            report.info("stop-to-exit", "unknown: no --pid given");
            return;
        }
        final String text = took.toMillis() + " ms (budget " + options.budget().toMillis() + " ms"
                + (options.maxExit() == null ? "" : ", limit " + options.maxExit().toMillis() + " ms") + ")";
        final boolean inBudget = took.compareTo(options.budget()) <= 0;
        final boolean inLimit = options.maxExit() == null || took.compareTo(options.maxExit()) <= 0;
        report.check("stop-to-exit", text, options.stop().equals("sigkill") || (inBudget && inLimit));
        if (exit.isPresent() && exit.get() >= 0) {
            final int wanted = switch (options.stop()) {
                case "sigkill" -> 137;
                case "double-sigterm" -> 3;
                default -> 0;
            };
            report.check("exit code", exit.get() + " (expected " + wanted + ")", exit.get() == wanted);
        }
    }

    private void judgeReport() throws Exception {
        final HttpResponse<String> r = instance.post(instance.admin() + "/tasks/shutdown-report?limit=1");
        final JsonNode latest = DrillJson.read(r.body()).path("reports").path(0);
        report.put("shutdownReport", latest);
        final String outcome = latest.path("outcome").asText("none");
        final boolean unclean = latest.path("unclean").asBoolean();
        final List<String> phases = new ArrayList<>();
        latest.path("phases").forEach(p -> phases.add(p.path("name").asText() + " " + p.path("outcome").asText()
                + " " + p.path("durationMs").asText() + "ms"));
        final String wanted = switch (options.stop()) {
            case "sigkill" -> "failed";
            case "double-sigterm" -> "forced";
            default -> "clean";
        };
        report.check("persisted shutdown report", outcome + (unclean ? " (unclean)" : "") + " " + phases,
                outcome.equals(wanted) && unclean == options.stop().equals("sigkill"));
    }

    /**
     * A client that was stopped resumes on the restarted instance with {@code since} (the notice's lastSequence,
     * or after a kill the last event it got): across the seam its ledgers must be consecutive and no event twice.
     */
    private void judgeResume(WebSocketClients sockets) throws Exception {
        final WebSocketClients.Client before = sockets.clients().stream().max(java.util.Comparator.comparingInt(
                c -> c.seen().size())).orElse(null);
        if (before == null) {
            report.info("websocket resume", "not checked: no WebSocket client");
            return;
        }
        final long since = before.sinceForResume();
        final List<WebSocketClients.Seen> seenBefore = before.seen();
        final long lastLedger = seenBefore.isEmpty() ? -1 : seenBefore.get(seenBefore.size() - 1).ledger();
        final WebSocketClients.Client resumed = WebSocketClients.resume(instance.app().replaceFirst("^http", "ws")
                + "/ws", since);
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && (resumed.seen().isEmpty()
                || (lastLedger >= 0 && resumed.seen().get(resumed.seen().size() - 1).ledger() < lastLedger + 5))) {
            Thread.sleep(50);
        }
        final List<WebSocketClients.Seen> all = new ArrayList<>(seenBefore);
        all.addAll(resumed.seen());
        String problem = null;
        for (int i = 1; i < all.size() && problem == null; i++) {
            if (all.get(i).sequence() <= all.get(i - 1).sequence()) {
                problem = "event " + all.get(i).sequence() + " after " + all.get(i - 1).sequence();
            } else if (all.get(i).ledger() != all.get(i - 1).ledger() + 1) {
                problem = "ledger " + all.get(i).ledger() + " after " + all.get(i - 1).ledger();
            }
        }
        report.put("websocketResume", Map.of("since", since, "eventsBefore", seenBefore.size(),
                "eventsAfter", resumed.seen().size()));
        final String range = all.isEmpty() ? "no ledgers" : "ledgers " + all.get(0).ledger() + ".."
                + all.get(all.size() - 1).ledger();
        report.check("websocket resume", "since=" + since + ": " + seenBefore.size() + " events before the stop, "
                + resumed.seen().size() + " after; " + (problem == null ? range + " consecutive, none twice"
                : "gap or duplicate: " + problem), problem == null && !resumed.seen().isEmpty());
    }

    /** Every stored ledger from the first to the last, each once: nothing lost across the stop. */
    private void judgeLedgers() throws Exception {
        long expected = -1;
        long count = 0;
        String cursor = "";
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (cursor != null && System.nanoTime() < deadline) {
            final JsonNode page = DrillJson.read(instance.get(instance.app() + "/api/ledgers?order=asc&limit=200"
                    + (cursor.isEmpty() ? "" : "&cursor=" + cursor)).body());
            for (JsonNode ledger : page.path("records")) {
                final long sequence = ledger.path("sequence").asLong();
                if (expected >= 0 && sequence != expected) {
                    report.check("stored ledgers", "gap or duplicate: " + sequence + " where " + expected
                            + " was expected", false);
                    return;
                }
                expected = sequence + 1;
                count++;
            }
            cursor = page.path("next").isNull() ? null : page.path("next").asText();
        }
        report.put("ledgersStored", count);
        report.check("stored ledgers", count + " ledgers, consecutive, none twice", count > 0);
    }

    private static int total(Map<String, Integer> tally) {
        return tally.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static void progress(String line) {
        System.err.println("[drill] " + line);
    }
}
