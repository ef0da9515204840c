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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(documents(COMPOSE).get(0).path("services").path("ledgerlens").path("environment")
                .has("ADMIN_BIND_HOST")).isFalse();
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

    private static final String COMPOSE = "docker/docker-compose.yml";

    /** The values of docker/.env.example, as Compose reads them from docker/.env. */
    private static Map<String, String> envExample() throws Exception {
        final Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("docker/.env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return env;
    }

    private static final Pattern REQUIRED = Pattern.compile("\\$\\{(\\w+):\\?[^}]*}");

    /** Compose's interpolation of one value: ${VAR:-default} and ${VAR:?message}, the latter refused when unset. */
    private static String interpolate(String value, Map<String, String> env) {
        final String required = REQUIRED.matcher(value).replaceAll(m -> {
            final String set = env.get(m.group(1));
            if (set == null || set.isEmpty()) {
                throw new AssertionError(m.group(1) + " is required and not set");
            }
            return Matcher.quoteReplacement(set);
        });
        return new StringSubstitutor(env).replace(required);
    }

    /** The service's environment in the Compose file, interpolated with the given .env values. */
    private static LedgerLensConfiguration composeConfig(JsonNode service, Map<String, String> dotEnv)
            throws Exception {
        final Map<String, String> env = new HashMap<>();
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(),
                interpolate(e.getValue().asText(), dotEnv)));
        return configWith(env);
    }

    @Test
    void composeWaitsLongerThanTheShutdownBudgetBeforeSigkill() throws Exception {
        final JsonNode service = documents(COMPOSE).get(0).path("services").path("ledgerlens");
        final Duration grace = duration(service.path("stop_grace_period").asText());
        final LedgerLensConfiguration config = composeConfig(service, envExample());
        assertThat(grace).isGreaterThan(config.shutdown().totalTimeout().plusSeconds(5));
        assertThat(service.path("healthcheck").path("test").toString()).contains(LedgerLensApplication.READINESS_PATH);
    }

    @Test
    void composeTakesPasswordsFromTheEnvironmentAndRefusesToStartWithoutThem() throws Exception {
        final JsonNode services = documents(COMPOSE).get(0).path("services");
        final JsonNode app = services.path("ledgerlens");
        assertThat(app.path("environment").path("DATABASE_PASSWORD").asText()).startsWith("${POSTGRES_PASSWORD:?");
        assertThat(services.path("postgres").path("environment").path("POSTGRES_PASSWORD").asText())
                .startsWith("${POSTGRES_PASSWORD:?");
        final Map<String, String> noPassword = new HashMap<>(envExample());
        noPassword.remove("POSTGRES_PASSWORD");
        assertThatThrownBy(() -> composeConfig(app, noPassword)).hasMessageContaining("POSTGRES_PASSWORD");
        for (String token : List.of("WEBHOOKS_API_TOKEN", "WEBSOCKET_TOKEN", "ADMIN_TOKEN", "WEBHOOKS_SECRETS_KEY",
                "WEBHOOKS_PREVIOUS_SECRETS_KEYS")) {
            assertThat(app.path("environment").path(token).asText()).as(token).isEqualTo("${" + token + ":-}");
        }
    }

    @Test
    void noDeploymentTurnsAuthenticationOff() throws Exception {
        try (var files = Files.walk(Path.of("docker"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain("AUTH_MODE")
                        .doesNotContainPattern("mode:\\s*\"?disabled");
            }
        }
        assertThat(configWith(Map.of()).auth().disabled()).as("config.yml's default").isFalse();
    }

    @Test
    void theTestStackOverridesOnlyImageNames() throws Exception {
        final JsonNode services = documents("docker/docker-compose.local-images.yml").get(0).path("services");
        final JsonNode real = documents(COMPOSE).get(0).path("services");
        services.fields().forEachRemaining(e -> {
            assertThat(real.has(e.getKey())).as(e.getKey()).isTrue();
            assertThat(iterable(e.getValue().fieldNames())).as(e.getKey()).containsExactly("image");
            assertThat(e.getValue().path("image").asText()).as(e.getKey())
                    .isEqualTo("ledgerlens-local/" + real.path(e.getKey()).path("image").asText());
        });
        assertThat(services.has("ledgerlens")).as("the service's image is the one users build").isFalse();
    }

    @Test
    void theImageRunsTheJvmAsPidOneAsAnUnprivilegedUserWithDataOnAVolume() throws Exception {
        final List<String> lines = Files.readAllLines(Path.of("docker/Dockerfile"));
        final String last = lines.stream().filter(l -> l.startsWith("FROM ")).reduce((a, b) -> b).orElseThrow();
        assertThat(last).isEqualTo("FROM ${RUNTIME_IMAGE}");
        assertThat(lines).as("the official image unless a build argument names a local one")
                .contains("ARG RUNTIME_IMAGE=eclipse-temurin:17-jre");
        assertThat(lines).anyMatch(l -> l.startsWith("ENTRYPOINT [\"java\""));
        assertThat(dockerfileEntrypoint()).as("started with the archive the training run made")
                .contains("-XX:SharedArchiveFile=/app/ledgerlens.jsa");
        assertThat(lines).anyMatch(l -> l.contains("-XX:ArchiveClassesAtExit=/app/ledgerlens.jsa"));
        assertThat(lines).anyMatch(l -> l.equals("USER ledgerlens"));
        assertThat(lines).anyMatch(l -> l.equals("STOPSIGNAL SIGTERM"));
        assertThat(lines).anyMatch(l -> l.startsWith("VOLUME [\"/data\"]"));
        assertThat(lines).anyMatch(l -> l.contains("http://127.0.0.1:8080" + LedgerLensApplication.READINESS_PATH));
        assertThat(lines).anyMatch(l -> l.contains("LEDGERLENS_DB=/data/ledgerlens.db"));
    }

    private static final String REPLICAS = "docker/k8s/replicas/";

    /** Every pod template under docker/k8s, named by its file and kind. */
    private static Map<String, JsonNode> podSpecs() throws Exception {
        final Map<String, JsonNode> pods = new java.util.TreeMap<>();
        try (var files = Files.walk(Path.of("docker/k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode doc : documents(file.toString())) {
                    final JsonNode pod = doc.path("kind").asText().equals("Pod") ? doc.path("spec")
                            : doc.path("spec").path("template").path("spec");
                    if (pod.has("containers")) {
                        pods.put(file + " " + doc.path("kind").asText(), pod);
                    }
                }
            }
        }
        return pods;
    }

    private static List<JsonNode> allContainers(JsonNode pod) {
        final List<JsonNode> all = new ArrayList<>();
        for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
            pod.path(field).forEach(all::add);
        }
        return all;
    }

    /** A field of the container's securityContext, or else of the pod's (where the pod level has it). */
    private static JsonNode effective(JsonNode pod, JsonNode container, String field) {
        final JsonNode own = container.path("securityContext").path(field);
        return own.isMissingNode() || own.isNull() ? pod.path("securityContext").path(field) : own;
    }

    @Test
    void everyPodPassesTheRestrictedPodSecurityProfile() throws Exception {
        final Map<String, JsonNode> pods = podSpecs();
        assertThat(pods.keySet()).as("the StatefulSet and the replicated Deployment").hasSize(2);
        final Set<String> allowedVolumes = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
                "persistentVolumeClaim", "projected", "secret");
        pods.forEach((name, pod) -> {
            // Baseline: no host namespaces, ports or paths.
            for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
                assertThat(pod.path(host).asBoolean(false)).as("%s %s", name, host).isFalse();
            }
            pod.path("volumes").forEach(v -> assertThat(allowedVolumes).as("%s volume %s", name, v)
                    .containsAll(iterable(v.fieldNames(), "name")));
            assertThat(pod.path("automountServiceAccountToken").isBoolean()
                    && !pod.path("automountServiceAccountToken").asBoolean()).as("%s mounts no API token", name)
                    .isTrue();
            assertThat(pod.path("securityContext").path("sysctls").isMissingNode()).as(name).isTrue();
            for (JsonNode c : allContainers(pod)) {
                final String it = name + " container " + c.path("name").asText();
                final JsonNode sc = c.path("securityContext");
                assertThat(sc.path("privileged").asBoolean(false)).as(it).isFalse();
                c.path("ports").forEach(p -> assertThat(p.has("hostPort")).as(it + " hostPort").isFalse());
                // Restricted.
                assertThat(sc.path("allowPrivilegeEscalation").isBoolean()
                        && !sc.path("allowPrivilegeEscalation").asBoolean()).as(it + " allowPrivilegeEscalation")
                        .isTrue();
                assertThat(iterable(sc.path("capabilities").path("drop").elements())).as(it + " drops")
                        .anyMatch(d -> d.asText().equals("ALL"));
                assertThat(iterable(sc.path("capabilities").path("add").elements())).as(it + " adds")
                        .allMatch(a -> a.asText().equals("NET_BIND_SERVICE"));
                assertThat(effective(pod, c, "runAsNonRoot").asBoolean(false)).as(it + " runAsNonRoot").isTrue();
                assertThat(effective(pod, c, "runAsUser").asLong(0)).as(it + " runAsUser").isPositive();
                assertThat(effective(pod, c, "runAsGroup").asLong(0)).as(it + " runAsGroup").isPositive();
                assertThat(effective(pod, c, "seccompProfile").path("type").asText()).as(it + " seccompProfile")
                        .isIn("RuntimeDefault", "Localhost");
                assertThat(sc.path("procMount").asText("Default")).as(it).isEqualTo("Default");
                assertThat(effective(pod, c, "seLinuxOptions").path("type").asText("")).as(it)
                        .isIn("", "container_t", "container_init_t", "container_kvm_t");
                // Beyond the profile: nothing written outside the volumes.
                assertThat(sc.path("readOnlyRootFilesystem").asBoolean(false)).as(it + " readOnlyRootFilesystem")
                        .isTrue();
                final Map<String, String> mounts = new HashMap<>();
                c.path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
                assertThat(mounts).as(it + " writable /tmp and /data").containsKeys("/tmp", "/data");
                final JsonNode tmp = iterable(pod.path("volumes").elements()).stream()
                        .filter(v -> v.path("name").asText().equals(mounts.get("/tmp"))).findFirst().orElseThrow();
                assertThat(tmp.has("emptyDir")).as(it + " /tmp").isTrue();
            }
        });
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        final List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    private static List<String> iterable(java.util.Iterator<String> it, String skip) {
        return iterable(it).stream().filter(f -> !f.equals(skip)).toList();
    }

    @Test
    void theImageIsPinnedToTheProjectsVersionNotLatest() throws Exception {
        final String pom = Files.readString(Path.of("pom.xml"));
        final java.util.regex.Matcher version = java.util.regex.Pattern
                .compile("<artifactId>ledgerlens</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(version.find()).isTrue();
        final String release = version.group(1).replace("-SNAPSHOT", "");
        podSpecs().forEach((name, pod) -> allContainers(pod).forEach(c -> {
            final String image = c.path("image").asText();
            assertThat(image).as(name).doesNotEndWith(":latest").contains(":");
            assertThat(image.substring(image.lastIndexOf(':') + 1)).as(name).isEqualTo(release);
        }));
    }

    /** A Kubernetes quantity (1Gi, 768Mi, 512M) or a Docker size (1g, 512m), in bytes. */
    private static long bytes(String quantity) {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([A-Za-z]*)").matcher(quantity);
        assertThat(m.matches()).as(quantity).isTrue();
        final long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "" , "b" -> n;
            case "Ki", "k" -> n << 10;
            case "Mi", "m" -> n << 20;
            case "Gi", "g" -> n << 30;
            case "K" -> n * 1000;
            case "M" -> n * 1000_000;
            case "G" -> n * 1000_000_000;
            default -> throw new AssertionError("unit of " + quantity);
        };
    }

    private static final long MIB = 1L << 20;
    /** Measured non-heap use under load was ~190 MiB (docs/security.md); this is the floor left beside heap and direct. */
    private static final long NON_HEAP_FLOOR = 256 * MIB;

    /** The room a limit leaves beside the heap (MaxRAMPercentage of it) and the direct-buffer cap. */
    private static long roomBesideHeapAndDirect(List<String> javaCommand, long limit) {
        final String percent = javaCommand.stream().filter(a -> a.startsWith("-XX:MaxRAMPercentage="))
                .findFirst().orElseThrow(() -> new AssertionError("no MaxRAMPercentage in " + javaCommand));
        final String direct = javaCommand.stream().filter(a -> a.startsWith("-XX:MaxDirectMemorySize="))
                .findFirst().orElseThrow(() -> new AssertionError("no MaxDirectMemorySize in " + javaCommand));
        final long heap = (long) (limit * Double.parseDouble(percent.substring(percent.indexOf('=') + 1)) / 100);
        return limit - heap - bytes(direct.substring(direct.indexOf('=') + 1));
    }

    private static List<String> dockerfileEntrypoint() throws Exception {
        final String line = Files.readAllLines(Path.of("docker/Dockerfile")).stream()
                .filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        return iterable(YAML.readTree(line.substring("ENTRYPOINT ".length())).elements()).stream()
                .map(JsonNode::asText).toList();
    }

    @Test
    void theHeapLeavesRoomForTheJvmsOtherMemoryInEveryContainer() throws Exception {
        final List<String> entrypoint = dockerfileEntrypoint();
        final String jar = entrypoint.get(entrypoint.size() - 1);
        podSpecs().forEach((name, pod) -> {
            final JsonNode c = pod.path("containers").get(0);
            final List<String> command = iterable(c.path("command").elements()).stream().map(JsonNode::asText)
                    .toList();
            assertThat(command).as(name + ": the image's java -jar").startsWith("java").endsWith("-jar", jar);
            final long limit = bytes(c.path("resources").path("limits").path("memory").asText());
            assertThat(bytes(c.path("resources").path("requests").path("memory").asText())).as(name)
                    .isEqualTo(limit);
            assertThat(roomBesideHeapAndDirect(command, limit)).as(name + ": room beside heap and direct buffers")
                    .isGreaterThanOrEqualTo(NON_HEAP_FLOOR);
        });
        final JsonNode app = documents(COMPOSE).get(0).path("services").path("ledgerlens");
        final long limit = bytes(app.path("deploy").path("resources").path("limits").path("memory").asText());
        assertThat(roomBesideHeapAndDirect(entrypoint, limit)).as(COMPOSE).isGreaterThanOrEqualTo(NON_HEAP_FLOOR);
    }

    @Test
    void composeRunsTheServiceReadOnlyWithoutCapabilities() throws Exception {
        final JsonNode app = documents(COMPOSE).get(0).path("services").path("ledgerlens");
        assertThat(app.path("read_only").asBoolean(false)).isTrue();
        assertThat(app.path("cap_drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(app.path("security_opt").toString()).contains("no-new-privileges:true");
        assertThat(app.path("user").isMissingNode()).as("the image's USER").isTrue();
        // sqlite-jdbc loads its native library from java.io.tmpdir: the tmpfs must allow exec.
        assertThat(app.path("tmpfs").get(0).asText()).startsWith("/tmp:").contains("exec").doesNotContain("noexec");
    }

    @Test
    void theNetworkPoliciesLetInOnlyTheApiPortAndOutOnlyWhatTheServiceUses() throws Exception {
        final Map<String, Set<Integer>> expectedOut = Map.of(
                "docker/k8s/networkpolicy.yaml", Set.of(53, 6379, 80, 443),
                REPLICAS + "networkpolicy.yaml", Set.of(53, 6379, 5432, 80, 443));
        for (var expected : expectedOut.entrySet()) {
            final JsonNode policy = kind(expected.getKey(), "NetworkPolicy").path("spec");
            assertThat(policy.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())
                    .isEqualTo("ledgerlens");
            assertThat(policy.path("policyTypes").toString()).contains("Ingress").contains("Egress");
            final Set<Integer> in = new HashSet<>();
            policy.path("ingress").forEach(rule -> {
                assertThat(rule.has("ports")).as("every ingress rule names its ports").isTrue();
                rule.path("ports").forEach(p -> in.add(p.path("port").asInt()));
            });
            assertThat(in).as(expected.getKey() + ": the API port only, never the admin port").containsExactly(8080);
            final Set<Integer> out = new HashSet<>();
            policy.path("egress").forEach(rule -> {
                assertThat(rule.has("ports")).as("every egress rule names its ports").isTrue();
                rule.path("ports").forEach(p -> out.add(p.path("port").asInt()));
                rule.path("to").forEach(to -> {
                    if (to.has("ipBlock")) {
                        assertThat(to.path("ipBlock").path("except").toString()).as("no private targets")
                                .contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16");
                    }
                });
            });
            assertThat(out).as(expected.getKey()).isEqualTo(expected.getValue());
        }
    }

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
        final Set<String> mounted = new HashSet<>();
        container.path("volumeMounts").forEach(m -> mounted.add(m.path("name").asText()));
        pod.path("volumes").forEach(v -> {
            if (mounted.contains(v.path("name").asText())) {
                assertThat(v.has("emptyDir")).as("no state of its own: %s is an emptyDir", v).isTrue();
            }
        });
        assertThat(pod.has("volumeClaimTemplates")).isFalse();

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
        final JsonNode services = documents(COMPOSE).get(0).path("services");
        final JsonNode app = services.path("ledgerlens");
        final JsonNode postgres = services.path("postgres").path("environment");
        final Map<String, String> dotEnv = envExample();
        final LedgerLensConfiguration config = composeConfig(app, dotEnv);

        assertThat(config.database().dialect()).isEqualTo(Dialect.POSTGRES);
        assertThat(config.database().getUrl()).as("the postgres service and its database")
                .isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.path("POSTGRES_DB").asText());
        assertThat(config.database().getUser()).isEqualTo(postgres.path("POSTGRES_USER").asText());
        assertThat(config.database().getPassword())
                .isEqualTo(interpolate(postgres.path("POSTGRES_PASSWORD").asText(), dotEnv));
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
        assertThat(interpolate(haproxy.path("ports").get(0).asText(), Map.of())).isEqualTo("8080:8080");
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
