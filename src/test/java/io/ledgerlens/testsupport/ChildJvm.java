package io.ledgerlens.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real child JVM whose output is kept (in memory and in a log file) and which the test can send real signals
 * to. Exit time is taken in the process's onExit callback, so it measures the process, not the test's polling.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private volatile long lastSignalNanos;
    /** Completes with the exit time. A separate stage, so waiting on it (not on onExit) sees the time set. */
    private final CompletableFuture<Long> exitNanos;
    /** Set when the output pipe is at its end: only then has every line the process printed been read. */
    private volatile boolean outputEnded;

    private ChildJvm(Process process, Path logFile) {
        this.process = process;
        this.exitNanos = process.onExit().thenApply(p -> System.nanoTime());
        final Thread pump = new Thread(() -> pump(logFile), "child-jvm-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    private void pump(Path logFile) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter log = logFile == null ? null
                     : new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (log != null) {
                    log.println(line);
                }
            }
        } catch (IOException e) {
            lines.add("[output pump: " + e + "]");
        } finally {
            outputEnded = true;
        }
    }

    public long pid() {
        return process.pid();
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public String tail(int n) {
        final List<String> all = lines();
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /** The first output line matching {@code pattern}, waiting for it at most {@code timeout}. */
    public String waitForLine(Pattern pattern, Duration timeout) {
        final long end = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            final List<String> all = lines();
            for (; checked < all.size(); checked++) {
                if (pattern.matcher(all.get(checked)).find()) {
                    return all.get(checked);
                }
            }
            if (outputEnded && checked == lines().size()) {
                throw new AssertionError("process ended its output (exit " + (process.isAlive() ? "pending"
                        : String.valueOf(process.exitValue())) + ") before printing " + pattern
                        + "; last lines:\n" + tail(40));
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no line matching " + pattern + " within " + timeout + "; last lines:\n"
                        + tail(40));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Sends a real signal (TERM, INT, KILL) with the shell's builtin kill, which every POSIX system has. */
    public void signal(String name) {
        if (!name.matches("[A-Z]+")) {
            throw new IllegalArgumentException("signal name must be like TERM, INT or KILL, got " + name);
        }
        lastSignalNanos = System.nanoTime();
        try {
            final Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -" + name + " " + pid()).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public int waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("process " + pid() + " still running after " + timeout + "; last lines:\n"
                        + tail(40));
            }
            exitNanos.join();
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** From the last {@link #signal} to the process's exit. */
    public Duration exitedAfterLastSignal() {
        if (!exitNanos.isDone() || lastSignalNanos == 0) {
            throw new IllegalStateException("no signal sent or the process has not exited");
        }
        return Duration.ofNanos(exitNanos.join() - lastSignalNanos);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static final class Builder {
        private String jar;
        private String classpath;
        private String mainClass;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path workDir;
        private Path logFile;

        public Builder jar(Path value) {
            jar = value.toString();
            return this;
        }

        public Builder classpath(String value) {
            classpath = value;
            return this;
        }

        public Builder mainClass(String value) {
            mainClass = value;
            return this;
        }

        public Builder args(String... values) {
            args.addAll(List.of(values));
            return this;
        }

        public Builder jvmOption(String value) {
            jvmOptions.add(value);
            return this;
        }

        public Builder systemProperty(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder workDir(Path value) {
            workDir = value;
            return this;
        }

        public Builder logFile(Path value) {
            logFile = value;
            return this;
        }

        public ChildJvm start() {
            if ((jar == null) == (classpath == null)) {
                throw new IllegalArgumentException("set exactly one of jar(...) or classpath(...)+mainClass(...)");
            }
            if (classpath != null) {
                Objects.requireNonNull(mainClass, "mainClass is required with classpath");
            }
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            if (jar != null) {
                command.add("-jar");
                command.add(jar);
            } else {
                command.add("-cp");
                command.add(classpath);
                command.add(mainClass);
            }
            command.addAll(args);
            final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            try {
                return new ChildJvm(builder.start(), logFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
