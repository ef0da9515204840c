package io.ledgerlens.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command to completion with a deadline and returns its exit code and output. */
public record ExternalProcess(int exitCode, String output) {
    public static ExternalProcess run(List<String> command, Path workDir, Duration timeout) {
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        final Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new ExternalProcess(-1, "could not start " + command.get(0) + ": " + e.getMessage());
        }
        try {
            final var output = new java.util.concurrent.CompletableFuture<String>();
            final Thread reader = new Thread(() -> {
                try {
                    output.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.complete("[output: " + e + "]");
                }
            }, "external-process-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                return new ExternalProcess(-1, String.join(" ", command) + " did not finish within " + timeout);
            }
            return new ExternalProcess(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted", e);
        } catch (Exception e) {
            return new ExternalProcess(process.exitValue(), "[output not read: " + e + "]");
        }
    }
}
