package io.ledgerlens.e2e;

import io.ledgerlens.lifecycle.ExitCodes;
import io.ledgerlens.testsupport.ChildJvm;
import io.ledgerlens.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar's {@code server} command with the start-up mistakes a new user makes: each is reported in one
 * line that names the setting, file or port and the rule, with no stack trace, and exit code 5.
 */
class StartupErrorsIT {
    private static final Pattern LOG_LINE = Pattern.compile("^(TRACE|DEBUG|INFO|WARN|ERROR) +\\[");

    @TempDir
    Path dir;

    private List<String> failedStart(Map<String, String> env) {
        final ChildJvm.Builder builder = ChildJvm.builder()
                .jar(Path.of(System.getProperty("ledgerlens.jar", "target/ledgerlens.jar")))
                .args("server", Path.of("config.yml").toAbsolutePath().toString())
                .jvmOption("-Xmx256m")
                .env("PORT", String.valueOf(FreePorts.next()))
                .env("ADMIN_PORT", String.valueOf(FreePorts.next()))
                .env("LEDGERLENS_DB", dir.resolve("ledgerlens.db").toString())
                .env("REDIS_URL", "redis://127.0.0.1:" + FreePorts.next())
                .logFile(dir.resolve("service.log"));
        env.forEach(builder::env);
        try (ChildJvm jvm = builder.start()) {
            final int exit = jvm.waitForExit(Duration.ofSeconds(90));
            final List<String> lines = jvm.lines();
            assertThat(exit).as(String.join("\n", lines)).isEqualTo(ExitCodes.DID_NOT_START);
            assertThat(lines).as("no stack trace and no ERROR log")
                    .noneMatch(l -> l.matches("^(\\s+at |! |ERROR|Caused by).*"));
            final List<String> message = lines.stream().filter(l -> !LOG_LINE.matcher(l).find()).toList();
            assertThat(message).as(String.join("\n", lines)).hasSize(1);
            assertThat(message.get(0)).startsWith("ledgerlens did not start: ");
            return message;
        }
    }

    @Test
    void anInvalidDurationNamesTheKeyTheVariableAndTheRule() {
        assertThat(failedStart(Map.of("SHUTDOWN_TOTAL_TIMEOUT", "abc")).get(0))
                .contains("config.yml: shutdown.totalTimeout (SHUTDOWN_TOTAL_TIMEOUT): Invalid duration: abc")
                .contains("a duration is a number and a unit");
    }

    @Test
    void aPortInUseNamesThePortAndItsSetting() throws Exception {
        final int port = FreePorts.next();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", port));
            assertThat(failedStart(Map.of("PORT", String.valueOf(port))).get(0)).contains(
                    "port " + port + " (server.applicationConnectors[0].port, PORT) is already in use");
        }
    }

    @Test
    void aFailedStartIsReportedAsSuchAtTheNextStartNotAsACrash() throws Exception {
        final int port = FreePorts.next();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", port));
            failedStart(Map.of("PORT", String.valueOf(port)));
        }
        final ServiceProcess service = new ServiceProcess(dir, "redis://127.0.0.1:" + FreePorts.next());
        try (service) {
            final ChildJvm jvm = service.startAndAwaitReady();
            assertThat(jvm.lines()).noneMatch(l -> l.contains("unclean previous exit"));
            assertThat(jvm.lines()).anyMatch(l -> l.contains("previous shutdown: ") && l.contains("outcome=failed")
                    && l.contains("cause=start failed: port " + port + " (server.applicationConnectors[0].port, PORT)"
                    + " is already in use"));
            jvm.signal("TERM");
            jvm.waitForExit(Duration.ofSeconds(60));
        }
    }

    @Test
    void aDatabasePathThatIsADirectoryIsNamed() throws Exception {
        final Path directory = Files.createDirectory(dir.resolve("a-directory"));
        assertThat(failedStart(Map.of("LEDGERLENS_DB", directory.toString())).get(0)).contains(
                "database.url (LEDGERLENS_DB) is " + directory + ", which is a directory");
    }

    @Test
    void aDatabaseDirectoryThatCannotBeCreatedIsNamed() throws Exception {
        // A regular file where a directory should be: no directory can be made below it, even by root.
        final Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        assertThat(failedStart(Map.of("LEDGERLENS_DB", file.resolve("ledgerlens.db").toString())).get(0)).contains(
                "cannot create the directory " + file + " for database.url (LEDGERLENS_DB)");
    }
}
