package io.ledgerlens.drill;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy in front of the replicas, as an operator runs it: round robin, a readiness check every 200 ms that takes
 * a server out at its first 503, retries of a request whose connection failed, and a stats page the roll reads to
 * know when a restarted server is back in rotation.
 */
final class Balancer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;
    private final int statsPort;
    private final Process process;

    private Balancer(int port, int statsPort, Process process) {
        this.port = port;
        this.statsPort = statsPort;
        this.process = process;
    }

    static Balancer start(List<String> servers, Path dir) throws IOException, InterruptedException {
        final int port = Instance.freePort();
        final int statsPort = Instance.freePort();
        final StringBuilder cfg = new StringBuilder(String.join("\n",
                "global", "    maxconn 1000",
                "defaults", "    mode http", "    timeout connect 1s", "    timeout client 30s",
                "    timeout server 30s", "    timeout check 2s", "    retries 3", "    option redispatch",
                "    retry-on conn-failure empty-response response-timeout 503",
                "listen stats", "    bind 127.0.0.1:" + statsPort, "    stats enable", "    stats uri /stats",
                "frontend api", "    bind 127.0.0.1:" + port, "    default_backend ledgerlens",
                "backend ledgerlens", "    balance roundrobin", "    option httpchk GET /health-check",
                "    http-check expect status 200", "    default-server inter 200ms fall 1 rise 2", ""));
        for (int i = 0; i < servers.size(); i++) {
            cfg.append("    server node").append(i).append(' ').append(URI.create(servers.get(i)).getAuthority())
                    .append(" check\n");
        }
        final Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        final Process process;
        try {
            process = new ProcessBuilder("haproxy", "-db", "-f", file.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        } catch (IOException e) {
            throw new IOException("--replicas needs haproxy on the PATH (apt-get install -y haproxy): " + e.getMessage(), e);
        }
        final Balancer balancer = new Balancer(port, statsPort, process);
        balancer.awaitUp(servers.size(), Duration.ofSeconds(60));
        return balancer;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** How many servers HAProxy has in rotation (status UP on its stats page); -1 when the page cannot be read. */
    int serversUp() {
        try {
            final String csv = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort
                    + "/stats;csv")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return (int) csv.lines().map(l -> l.split(",", -1))
                    .filter(f -> f.length > 17 && f[0].equals("ledgerlens") && f[1].startsWith("node")
                            && f[17].equals("UP"))
                    .count();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    void awaitUp(int servers, Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (serversUp() != servers) {
            if (!process.isAlive()) {
                throw new IOException("haproxy exited; see its log in the work directory");
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("haproxy did not have all " + servers + " servers up within "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
