package io.ledgerlens.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real redis-server on a free loopback port, which a test may kill and restart on the same port. */
public final class RedisProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private volatile Process process;

    private RedisProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        // A backstop for a test class that forgets to close it: no redis-server outlives the test JVM.
        Runtime.getRuntime().addShutdownHook(new Thread(this::killIfRunning, "redis-test-stop"));
    }

    private void killIfRunning() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    public static RedisProcess start() {
        try {
            final RedisProcess redis = new RedisProcess(Files.createTempDirectory("redis-test"), FreePorts.next());
            redis.launch();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String binary() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        final String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "redis-server"))) {
                return Path.of(d, "redis-server").toString();
            }
        }
        throw new IllegalStateException("redis-server not found: the tests start real Redis processes; "
                + "install it with `apt-get install -y redis-server`");
    }

    private void launch() {
        try {
            process = new ProcessBuilder(binary(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(),
                    "--logfile", logFile().toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Poll.until("redis-server answering PING on port " + port, Duration.ofSeconds(10), this::pings);
    }

    private boolean pings() {
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server exited with " + process.exitValue() + "; see " + logFile());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(500);
            final OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = socket.getInputStream();
            final byte[] buffer = new byte[7];
            final int read = in.readNBytes(buffer, 0, 7);
            return new String(buffer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public Path logFile() {
        return dir.resolve("redis.log");
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: Redis disappears as it would in a crash. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: Redis still accepts connections (the kernel does) but answers nothing, like a hung server. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            final Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts again on the same port. */
    public void restart() {
        kill();
        launch();
    }

    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
