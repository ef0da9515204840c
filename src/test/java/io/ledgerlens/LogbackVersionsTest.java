package io.ledgerlens;

import ch.qos.logback.core.util.CoreVersionUtil;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * logback-core reads the logback-core version logback-access expects from
 * {@code logback-access-common-dependencies.properties}; logback-access-common ships it as
 * {@code -dependees.properties}. Ours must say the same as theirs and match the logback-core on the class path, or
 * every start warns "Expected version of logback-core is ? but found ...".
 */
class LogbackVersionsTest {
    private static String logbackCoreIn(String resource) throws IOException {
        try (InputStream in = LogbackVersionsTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            final Properties p = new Properties();
            p.load(in);
            return p.getProperty("logback-core");
        }
    }

    @Test
    void theVersionLogbackAccessExpectsIsFoundUnderTheNameLogbackCoreReads() throws Exception {
        final String core = CoreVersionUtil.getCoreVersionBySelfDeclaredProperties();
        assertThat(logbackCoreIn("logback-access-common-dependencies.properties"))
                .isEqualTo(logbackCoreIn("logback-access-common-dependees.properties")).isEqualTo(core);
    }

    /** The manifest entry the shaded jar gives logback-access's version check (see pom.xml) names the real one. */
    @Test
    void theShadedJarsManifestEntryForTheAccessVersionCheckNamesTheVersionOnTheClassPath() throws Exception {
        final String onClassPath = ch.qos.logback.access.jetty.RequestLogImpl.class.getPackage()
                .getImplementationVersion();
        assertThat(onClassPath).isNotBlank();
        final String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));
        final java.util.regex.Matcher entry = java.util.regex.Pattern.compile(
                "<name>io/dropwizard/request/logging/</name>\\s*<manifestEntries>\\s*"
                        + "<Implementation-Version>([^<]+)</Implementation-Version>").matcher(pom);
        assertThat(entry.find()).as("the manifest section in pom.xml").isTrue();
        assertThat(entry.group(1)).isEqualTo(onClassPath);
    }
}
