package io.ledgerlens.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.ledgerlens.LedgerLensApplication;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.db.Dialect;
import io.ledgerlens.testsupport.RequiredTool;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Docker is not available on the build machines, so the deployment files are checked here instead (and by
 * yamllint in .ci/run): the invariants between them and the service's budgets, and that the ConfigMap's settings
 * build a valid configuration with the real config.yml.
 */
class DeploymentFilesTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    private static List<JsonNode> documents(String file) throws Exception {
        final List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(Path.of(file).toFile())) {
            it.forEachRemaining(docs::add);
        }
        return docs;
    }

    private static JsonNode kind(String file, String kind) throws Exception {
        return documents(file).stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + file));
    }

    private static Duration duration(String text) {
        return Duration.parse("PT" + text.toUpperCase());
    }

    private static LedgerLensConfiguration configWith(Map<String, String> env) throws Exception {
        final YamlConfigurationFactory<LedgerLensConfiguration> factory = new YamlConfigurationFactory<>(
                LedgerLensConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        final StringSubstitutor substitutor = new StringSubstitutor(env);
        // As LedgerLensApplication.substitutor(): database.url nests ${LEDGERLENS_DB} inside ${DATABASE_URL}.
        substitutor.setEnableSubstitutionInVariables(true);
        return factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), substitutor),
                "config.yml");
    }

    private static String adminBindHost(LedgerLensConfiguration config) {
        final var connectors = ((DefaultServerFactory) config.getServerFactory()).getAdminConnectors();
        assertThat(connectors).hasSize(1);
        return ((HttpConnectorFactory) connectors.get(0)).getBindHost();
    }

    @Test
    void theAdminPortBindsLoopbackByDefaultAndInEveryDeploymentAndNeedsNoTokenUnlessOneIsSet() throws Exception {
        final LedgerLensConfiguration defaults = configWith(Map.of());
        assertThat(adminBindHost(defaults)).as("config.yml with no environment").isEqualTo("127.0.0.1");
        assertThat(defaults.admin().token()).isEmpty();
        assertThat(configWith(Map.of("ADMIN_TOKEN", "t0ken")).admin().token()).isEqualTo("t0ken");
        assertThat(adminBindHost(configWith(Map.of("ADMIN_BIND_HOST", "0.0.0.0")))).isEqualTo("0.0.0.0");
        for (String file : List.of("docker/k8s/configmap.yaml", REPLICAS + "configmap.yaml")) {
            final Map<String, String> env = new HashMap<>();
            kind(file, "ConfigMap").path("data").fields()
                    .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            assertThat(adminBindHost(configWith(env))).as(file).isEqualTo("127.0.0.1");
        }
        for (String file : List.of("docker/docker-compose.yml", "docker/docker-compose.replicas.yml")) {
            final JsonNode app = documents(file).get(0).path("services").path("ledgerlens");
            assertThat(app.path("environment").has("ADMIN_BIND_HOST")).as(file).isFalse();
        }
    }

    @Test
    void kubernetesGivesTheServiceMoreTimeThanItsOwnBudgetAndProbesTheRightEndpoints() throws Exception {
        final Map<String, String> env = new HashMap<>();
        kind("docker/k8s/configmap.yaml", "ConfigMap").path("data").fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        final LedgerLensConfiguration config = configWith(env);
        final JsonNode pod = kind("docker/k8s/statefulset.yaml", "StatefulSet").path("spec").path("template")
                .path("spec");
        final long grace = pod.path("terminationGracePeriodSeconds").asLong();
        assertThat(Duration.ofSeconds(grace)).as("terminationGracePeriodSeconds vs the service's total budget")
                .isGreaterThan(config.shutdown().totalTimeout().plusSeconds(5));
        final JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                .isEqualTo(LedgerLensApplication.READINESS_PATH);
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
                .isEqualTo(LedgerLensApplication.LIVENESS_PATH);
        assertThat(container.has("lifecycle")).as("no preStop: the drain settings replace it").isFalse();
        assertThat(config.shutdown().drain().minWait()).as("a floor for endpoint propagation")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(config.source().type()).isEqualTo("horizon");
    }

    @Test
    void theServiceSelectsThePodsAndTheBudgetCoversOnePodAtATime() throws Exception {
        final JsonNode set = kind("docker/k8s/statefulset.yaml", "StatefulSet");
        final String app = set.path("spec").path("template").path("metadata").path("labels")
                .path("app.kubernetes.io/name").asText();
        for (JsonNode service : documents("docker/k8s/service.yaml")) {
            assertThat(service.path("spec").path("selector").path("app.kubernetes.io/name").asText()).isEqualTo(app);
        }
        assertThat(set.path("spec").path("serviceName").asText()).isEqualTo("ledgerlens-headless");
        final JsonNode pdb = kind("docker/k8s/poddisruptionbudget.yaml", "PodDisruptionBudget");
        assertThat(pdb.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(pdb.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText())
                .isEqualTo(app);
    }

    @Test
    void composeWaitsLongerThanTheShutdownBudgetBeforeSigkill() throws Exception {
        final JsonNode service = documents("docker/docker-compose.yml").get(0).path("services").path("ledgerlens");
        final Duration grace = duration(service.path("stop_grace_period").asText());
        final Map<String, String> env = new HashMap<>();
        // Compose interpolates ${VAR:-default} from the operator's shell first; here that shell sets nothing.
        final StringSubstitutor compose = new StringSubstitutor(Map.of());
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(),
                compose.replace(e.getValue().asText())));
        final LedgerLensConfiguration config = configWith(env);
        assertThat(grace).isGreaterThan(config.shutdown().totalTimeout().plusSeconds(5));
        assertThat(service.path("healthcheck").path("test").toString()).contains(LedgerLensApplication.READINESS_PATH);
    }

    @Test
    void theImageRunsTheJvmAsPidOneAsAnUnprivilegedUserWithDataOnAVolume() throws Exception {
        final List<String> lines = Files.readAllLines(Path.of("docker/Dockerfile"));
        final String last = lines.stream().filter(l -> l.startsWith("FROM ")).reduce((a, b) -> b).orElseThrow();
        assertThat(last).isEqualTo("FROM eclipse-temurin:17-jre");
        assertThat(lines).anyMatch(l -> l.startsWith("ENTRYPOINT [\"java\""));
        assertThat(lines).anyMatch(l -> l.equals("USER ledgerlens"));
        assertThat(lines).anyMatch(l -> l.equals("STOPSIGNAL SIGTERM"));
        assertThat(lines).anyMatch(l -> l.startsWith("VOLUME [\"/data\"]"));
        assertThat(lines).anyMatch(l -> l.contains("http://127.0.0.1:8080" + LedgerLensApplication.READINESS_PATH));
        assertThat(lines).anyMatch(l -> l.contains("LEDGERLENS_DB=/data/ledgerlens.db"));
    }

    private static final String REPLICAS = "docker/k8s/replicas/";

    @Test
    void theReplicatedDeploymentRunsThreePodsOnPostgresFromTheSecretAndRollsWithoutLosingCapacity() throws Exception {
        final JsonNode deployment = kind(REPLICAS + "deployment.yaml", "Deployment");
        final JsonNode secret = kind(REPLICAS + "secret.example.yaml", "Secret");
        final JsonNode pod = deployment.path("spec").path("template").path("spec");
        final JsonNode container = pod.path("containers").get(0);

        final Map<String, String> env = new HashMap<>();
        kind(REPLICAS + "configmap.yaml", "ConfigMap").path("data").fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        final Set<String> fromSecret = new HashSet<>();
        String instanceField = null;
        for (JsonNode var : container.path("env")) {
            final JsonNode from = var.path("valueFrom");
            if (from.has("secretKeyRef")) {
                assertThat(from.path("secretKeyRef").path("name").asText()).isEqualTo(secret.path("metadata")
                        .path("name").asText());
                final String key = from.path("secretKeyRef").path("key").asText();
                assertThat(secret.path("stringData").has(key)).as("the example Secret has %s", key).isTrue();
                fromSecret.add(var.path("name").asText());
                env.put(var.path("name").asText(), secret.path("stringData").path(key).asText());
            } else if (var.path("name").asText().equals("INSTANCE_ID")) {
                instanceField = from.path("fieldRef").path("fieldPath").asText();
                env.put("INSTANCE_ID", "ledgerlens-5d9c7-x2x4q");
            }
        }
        assertThat(fromSecret).containsExactlyInAnyOrder("DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD");
        assertThat(instanceField).as("INSTANCE_ID from the pod's name").isEqualTo("metadata.name");
        secret.path("stringData").forEach(v -> assertThat(v.asText()).as("placeholders only").contains("CHANGE-ME"));

        final LedgerLensConfiguration config = configWith(env);
        assertThat(config.database().getUrl()).isEqualTo(secret.path("stringData").path("DATABASE_URL").asText());
        assertThat(config.database().dialect()).isEqualTo(Dialect.POSTGRES);
        assertThat(config.database().getPassword()).isEqualTo("CHANGE-ME-password");
        assertThat(config.instanceIdOrHost()).isEqualTo("ledgerlens-5d9c7-x2x4q");
        assertThat(config.redis().url()).isEqualTo("redis://redis:6379");

        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(3);
        final JsonNode rolling = deployment.path("spec").path("strategy");
        assertThat(rolling.path("type").asText()).isEqualTo("RollingUpdate");
        assertThat(rolling.path("rollingUpdate").path("maxUnavailable").asInt(-1)).isZero();
        assertThat(rolling.path("rollingUpdate").path("maxSurge").asInt()).isEqualTo(1);
        assertThat(Duration.ofSeconds(pod.path("terminationGracePeriodSeconds").asLong()))
                .as("terminationGracePeriodSeconds vs the service's total budget")
                .isGreaterThan(config.shutdown().totalTimeout().plusSeconds(5));
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                .isEqualTo(LedgerLensApplication.READINESS_PATH);
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
                .isEqualTo(LedgerLensApplication.LIVENESS_PATH);
        assertThat(container.has("lifecycle")).as("no preStop, as in the StatefulSet").isFalse();
        assertThat(config.shutdown().drain().minWait()).as("a floor for endpoint propagation")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(container.path("volumeMounts").isMissingNode()).as("no state of its own").isTrue();

        final String app = deployment.path("spec").path("template").path("metadata").path("labels")
                .path("app.kubernetes.io/name").asText();
        assertThat(deployment.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name")
                .asText()).isEqualTo(app);
        assertThat(kind(REPLICAS + "service.yaml", "Service").path("spec").path("selector")
                .path("app.kubernetes.io/name").asText()).isEqualTo(app);
        final JsonNode pdb = kind(REPLICAS + "poddisruptionbudget.yaml", "PodDisruptionBudget");
        assertThat(pdb.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(pdb.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText())
                .isEqualTo(app);
    }

    @Test
    void composeReplicasShareOnePostgresAndRedisBehindAHaproxyThatFindsThemByName() throws Exception {
        final JsonNode services = documents("docker/docker-compose.replicas.yml").get(0).path("services");
        final JsonNode app = services.path("ledgerlens");
        final JsonNode postgres = services.path("postgres").path("environment");
        final StringSubstitutor shell = new StringSubstitutor(Map.of());
        final Map<String, String> env = new HashMap<>();
        app.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), shell.replace(e.getValue().asText())));
        final LedgerLensConfiguration config = configWith(env);

        assertThat(config.database().dialect()).isEqualTo(Dialect.POSTGRES);
        assertThat(config.database().getUrl()).as("the postgres service and its database")
                .isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.path("POSTGRES_DB").asText());
        assertThat(config.database().getUser()).isEqualTo(postgres.path("POSTGRES_USER").asText());
        assertThat(config.database().getPassword()).isEqualTo(shell.replace(postgres.path("POSTGRES_PASSWORD").asText()));
        assertThat(config.redis().url()).isEqualTo("redis://redis:6379");
        assertThat(services.has("redis")).isTrue();

        assertThat(app.path("deploy").path("replicas").asInt()).isEqualTo(3);
        assertThat(app.has("ports")).as("replicas cannot share a published port").isFalse();
        assertThat(app.has("container_name")).as("replicas cannot share a container name").isFalse();
        assertThat(duration(app.path("stop_grace_period").asText()))
                .isGreaterThan(config.shutdown().totalTimeout().plusSeconds(5));
        assertThat(app.path("healthcheck").path("test").toString()).contains(LedgerLensApplication.READINESS_PATH);
        assertThat(app.path("depends_on").path("postgres").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(app.path("depends_on").path("redis").path("condition").asText()).isEqualTo("service_healthy");

        final JsonNode haproxy = services.path("haproxy");
        assertThat(haproxy.path("volumes").get(0).asText())
                .isEqualTo("./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
        assertThat(haproxy.path("ports").toString()).contains("\"8080:8080\"");
        final List<String> cfg = Files.readAllLines(Path.of("docker/haproxy.cfg")).stream().map(String::strip).toList();
        assertThat(cfg).as("Docker's DNS inside a Compose network").contains("nameserver dns 127.0.0.11:53");
        assertThat(cfg).contains("option httpchk GET " + LedgerLensApplication.READINESS_PATH,
                "http-check expect status 200");
        final String template = cfg.stream().filter(l -> l.startsWith("server-template ")).findFirst().orElseThrow();
        final String[] words = template.split("\\s+");
        assertThat(Integer.parseInt(words[2])).as("slots for the replicas").isGreaterThanOrEqualTo(
                app.path("deploy").path("replicas").asInt());
        assertThat(words[3]).as("the service's name and port").isEqualTo("ledgerlens:8080");
        assertThat(cfg).anyMatch(l -> l.startsWith("default-server ") && l.contains("resolvers docker")
                && l.contains("init-addr none"));
    }

    @Test
    void haproxyAcceptsTheComposeBalancersConfig() throws Exception {
        final Process check;
        try {
            check = new ProcessBuilder("haproxy", "-c", "-f", "docker/haproxy.cfg").redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw RequiredTool.missing("haproxy not found (apt-get install -y haproxy)");
        }
        final String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(output).isZero();
    }
}
