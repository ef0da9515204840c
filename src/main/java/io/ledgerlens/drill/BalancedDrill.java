package io.ledgerlens.drill;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code drill --target URL --during COMMAND}: the clients' view of a deployment behind a balancer while an operator's
 * command (a rolling deploy, say) runs. REST load, WebSocket subscribers that resume, and, with a receiver address,
 * a webhook subscriber; the drill starts and stops nothing itself. Passes when the command exited 0, every request
 * was answered 2xx, every subscriber saw every ledger once and in order across its reconnections and every one of
 * its connections ended with the notice and close 1001, and every event was delivered.
 */
final class BalancedDrill {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final DrillOptions options;
    private final String during;
    private final Duration duringTimeout;
    private final String receiverHost;
    private final String webhookToken;
    private final DrillReport report = new DrillReport();

    BalancedDrill(DrillOptions options, String during, Duration duringTimeout, String receiverHost,
                  String webhookToken) {
        if (options.target() == null) {
            throw new IllegalArgumentException("--during needs --target: the balancer's URL");
        }
        if (during == null || during.isBlank()) {
            throw new IllegalArgumentException("--during needs a command to run under load");
        }
        this.options = options;
        this.during = during;
        this.duringTimeout = duringTimeout;
        this.receiverHost = receiverHost;
        this.webhookToken = webhookToken == null ? "" : webhookToken;
    }

    DrillReport run() throws Exception {
        final String api = options.target().replaceAll("/+$", "");
        final ApiWebhookCheck webhooks = receiverHost == null ? null
                : ApiWebhookCheck.subscribe(api, webhookToken, receiverHost);
        if (webhooks == null) {
            report.info("webhook events", "not checked: no --receiver-host");
        }
        try (webhooks; ResumingSockets sockets = new ResumingSockets(api.replaceFirst("^http", "ws") + "/ws",
                options.websockets());
             RequestLoad load = new RequestLoad(api + options.path(), options.rps())) {
            progress(options.websockets() + " WebSocket subscriber(s) connected through " + api);
            load.start();
            Thread.sleep(options.before().toMillis()); // load before the command: part of the drill, not a wait
            progress("running: " + during);
            final int exit = runDuring();
            Thread.sleep(options.before().toMillis()); // and after it
            final int sent = load.sent();
            load.stopSending(sent);
            judgeRequests(load.outcomes());
            report.check("command under load", "exit " + exit + ": " + during, exit == 0);
            judgeSockets(sockets, latestLedger(api));
            if (webhooks != null) {
                progress("waiting for the webhook deliveries");
                webhooks.judge(report, Duration.ofSeconds(90));
            }
        }
        return report;
    }

    private int runDuring() throws Exception {
        final Process process = new ProcessBuilder("bash", "-c", during).inheritIO().start();
        if (!process.waitFor(duringTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            progress("the command ran past " + duringTimeout.toSeconds() + " s; killed");
            return -1;
        }
        return process.exitValue();
    }

    private void judgeRequests(List<RequestLoad.Outcome> outcomes) {
        final Map<String, Integer> tally = RequestLoad.tally(outcomes, o -> true);
        final long failed = outcomes.stream().filter(o -> !o.ok()).count();
        report.put("requests", tally);
        report.check("requests through the balancer", outcomes.size() + " sent, " + failed + " not 2xx " + tally,
                failed == 0 && !outcomes.isEmpty());
    }

    private void judgeSockets(ResumingSockets sockets, long latest) throws InterruptedException {
        if (options.websockets() == 0) {
            return;
        }
        final boolean caughtUp = sockets.awaitLedger(latest, Duration.ofSeconds(30));
        final Map<String, Integer> closes = new TreeMap<>();
        int gaps = 0;
        int unwell = 0;
        String firstGap = null;
        for (ResumingSockets.Subscriber s : sockets.subscribers()) {
            final String gap = s.gap();
            if (gap != null || s.failure() != null) {
                gaps++;
                firstGap = firstGap != null ? firstGap : gap != null ? gap : s.failure();
            }
            for (String close : s.closes()) {
                closes.merge(close, 1, Integer::sum);
                unwell += close.equals("notice+1001") ? 0 : 1;
            }
        }
        report.put("websocketCloses", closes);
        report.check("websocket subscribers", sockets.subscribers().size() + " subscribers, connections ended "
                        + closes + "; " + gaps + " with a gap or duplicate" + (firstGap == null ? "" : " (" + firstGap
                        + ")") + "; " + (caughtUp ? "all" : "NOT all") + " reached ledger " + latest,
                gaps == 0 && unwell == 0 && caughtUp);
    }

    private static long latestLedger(String api) throws Exception {
        final HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/ledgers/latest"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return DrillJson.read(r.body()).path("sequence").asLong();
    }

    private static void progress(String line) {
        System.err.println("[drill] " + line);
    }
}
