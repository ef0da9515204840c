package io.ledgerlens.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server on a free loopback port, started with the machine's {@code initdb} and {@code pg_ctl},
 * which a test may stop, kill and start again on the same port. PostgreSQL refuses to run as root: as root, every
 * command runs as the {@code postgres} user in directories that user owns. The cluster is made once per JVM by
 * initdb and copied for each server (a copy takes a fraction of initdb's seconds). fsync is off: a commit survives
 * a killed server (the kernel keeps the written WAL), not a machine crash, which no test causes.
 * <p>
 * {@link #shared()} is one server for the whole JVM, for tests that only need a fresh database
 * ({@link #createDatabase()}); a test that kills or restarts PostgreSQL starts its own with {@link #start()}.
 */
public final class PostgresProcess implements AutoCloseable {
    public static final String USER = "postgres";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Path template;
    private static PostgresProcess shared;

    private final Path dir;
    private final int port;
    private final boolean durable;

    private PostgresProcess(Path dir, int port, boolean durable) {
        this.dir = dir;
        this.port = port;
        this.durable = durable;
    }

    /** A server of its own, from a copy of this JVM's template cluster; fsync off, as tests need no durability. */
    public static PostgresProcess start() {
        return start(false);
    }

    /** As {@link #start()}, but with PostgreSQL's durable defaults (fsync on), for benchmarks. */
    public static PostgresProcess startDurable() {
        return start(true);
    }

    private static PostgresProcess start(boolean durable) {
        final Path dir = PostgresFiles.ownedTempDirectory("pg-test");
        run(List.of("cp", "-a", template().toString(), dir.resolve("data").toString()), dir);
        run(List.of("mkdir", "-m", "0700", dir.resolve("sock").toString()), dir);
        final PostgresProcess postgres = new PostgresProcess(dir, FreePorts.next(), durable);
        postgres.launch();
        return postgres;
    }

    /** One server for the JVM, stopped when the JVM exits. Tests must not stop or kill it. */
    public static synchronized PostgresProcess shared() {
        if (shared == null) {
            shared = start();
            final PostgresProcess server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-shared-stop"));
        }
        return shared;
    }

    private static synchronized Path template() {
        if (template == null) {
            final Path dir = PostgresFiles.ownedTempDirectory("pg-template");
            final Path data = dir.resolve("data");
            run(List.of(PostgresFiles.binary("initdb"), "-D", data.toString(), "-U", USER, "--auth=trust",
                    "-E", "UTF8", "--locale=C", "--no-sync"), dir);
            template = data;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> PostgresFiles.delete(dir), "postgres-template-rm"));
        }
        return template;
    }

    /** Starts the server (again) on this instance's port; returns once it accepts connections. */
    public void launch() {
        run(List.of(PostgresFiles.binary("pg_ctl"), "-D", data().toString(), "-l", logFile().toString(), "-w",
                "-t", "60", "-o", "-p " + port + " -k " + dir.resolve("sock") + " -c listen_addresses=127.0.0.1"
                        + (durable ? "" : " -c fsync=off -c full_page_writes=off") + " -c max_connections=200",
                "start"), dir);
        Poll.until("postgres accepting connections on port " + port, Duration.ofSeconds(30), this::accepts);
    }

    private boolean accepts() {
        try (Connection ignored = connect("postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of {@code database} on this server (user {@link #USER}, no password: trust authentication). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new empty database; its JDBC URL. */
    public String createDatabase() {
        final String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + " on port " + port + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database) + "?connectTimeout=5", USER, "");
    }

    public Path logFile() {
        return dir.resolve("postgres.log");
    }

    private Path data() {
        return dir.resolve("data");
    }

    /** Fast shutdown: sessions are ended, the server writes a checkpoint and exits. */
    public void stop() {
        if (postmasterPid().isPresent()) {
            run(List.of(PostgresFiles.binary("pg_ctl"), "-D", data().toString(), "-m", "fast", "-w", "stop"), dir);
        }
    }

    /** SIGKILL to the postmaster and every backend: PostgreSQL disappears as in a crash. */
    public void kill() {
        postmasterPid().flatMap(ProcessHandle::of).ifPresent(postmaster -> {
            final List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
            all.add(0, postmaster);
            all.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : all) {
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("postgres process " + p.pid() + " did not die", e);
                }
            }
        });
    }

    /** Kills it and starts it again on the same port, with the same data. */
    public void restart() {
        kill();
        launch();
    }

    /** The running postmaster's pid, from its pid file (absent when it is not running). */
    private Optional<Long> postmasterPid() {
        final Path pidFile = data().resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            final long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void run(List<String> command, Path workDir) {
        final List<String> full = new ArrayList<>();
        if (PostgresFiles.isRoot()) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(command);
        try {
            final Path output = Files.createTempFile("pg-command", ".log");
            try {
                final Process process = new ProcessBuilder(full).directory(workDir.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", full) + " did not finish in " + COMMAND_TIMEOUT);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", full) + " exited with " + process.exitValue()
                            + ": " + Files.readString(output));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + full, e);
        }
    }

    @Override
    public void close() {
        kill();
        PostgresFiles.delete(dir);
    }
}
