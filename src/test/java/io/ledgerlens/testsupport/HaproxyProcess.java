package io.ledgerlens.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy in front of the instances a test runs: readiness checks on {@code /health-check} every 200 ms
 * (out of rotation after one failure, back after two successes), round robin, retries of connection failures on
 * another server, WebSocket tunnels kept open. Its CSV stats tell which servers it has in rotation.
 */
public final class HaproxyProcess implements AutoCloseable {
    private final int port = FreePorts.next();
    private final int statsPort = FreePorts.next();
    private final Process process;

    private HaproxyProcess(Path dir, List<Integer> servers) {
        final StringBuilder config = new StringBuilder("""
                global
                    maxconn 4000
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                    timeout tunnel 10m
                    # Without it a check's answer must come within inter (200 ms): one slow answer on a loaded
                    # machine took a serving node out, and with another node restarting nothing was left (503).
                    timeout check 2s
                    retries 3
                    option redispatch
                    retry-on conn-failure empty-response response-timeout
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                frontend api
                    bind 127.0.0.1:%d
                    default_backend ledgerlens
                backend ledgerlens
                    balance roundrobin
                    option httpchk GET /health-check
                    http-check expect status 200
                """.formatted(statsPort, port));
        for (int i = 0; i < servers.size(); i++) {
            config.append("    server node").append(i).append(" 127.0.0.1:").append(servers.get(i))
                    .append(" check inter 200ms fall 1 rise 2\n");
        }
        try {
            final Path file = dir.resolve("haproxy.cfg");
            Files.writeString(file, config);
            process = new ProcessBuilder("haproxy", "-db", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start haproxy (apt-get install -y haproxy): " + e.getMessage(), e);
        }
    }

    public static HaproxyProcess start(Path dir, List<Integer> servers) {
        final HaproxyProcess haproxy = new HaproxyProcess(dir, servers);
        Poll.until("haproxy answers its stats", Duration.ofSeconds(20), () -> haproxy.serversUp() >= 0);
        return haproxy;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String ws(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    /** How many servers HAProxy has in rotation now; -1 when it does not answer. */
    public int serversUp() {
        try {
            final HttpResponse<String> stats = HttpProbe.get("http://127.0.0.1:" + statsPort + "/stats;csv",
                    Duration.ofSeconds(2));
            int up = 0;
            for (String line : stats.body().split("\n")) {
                final String[] fields = line.split(",");
                if (fields.length > 17 && fields[0].equals("ledgerlens") && fields[1].startsWith("node")
                        && fields[17].equals("UP")) {
                    up++;
                }
            }
            return up;
        } catch (RuntimeException | AssertionError e) {
            return -1;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
