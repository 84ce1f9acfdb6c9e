package dev.edgeway.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The chart in {@code deploy/helm/edgeway}, linted and rendered by the Helm library bundled in
 * helm-java (no {@code helm} binary, no cluster): the default values, bundled and external NATS,
 * the security of every container, and the schema's refusal of wrong types.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("..", "deploy", "helm", "edgeway");

    @Test
    void lintPassesInStrictMode() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    }

    @Test
    void defaultValuesRenderTheGatewayInFrontOfFaasNetesWithBundledNats() {
        List<Map<String, Object>> manifests = render(t -> t);

        Map<String, Object> deployment = only(manifests, "Deployment");
        assertThat(at(deployment, "spec", "replicas")).isEqualTo(1);
        Map<String, Object> gateway = container(deployment, "gateway");
        Map<String, String> env = env(gateway);
        assertThat(env)
                .containsEntry("functions_provider_url", "http://faas-netes.openfaas.svc.cluster.local:8081/")
                .containsEntry("function_namespace", "openfaas-fn")
                .containsEntry("basic_auth", "true")
                .containsEntry("secret_mount_path", "/var/secrets")
                .containsEntry("read_timeout", "60s")
                .containsEntry("write_timeout", "60s")
                .containsEntry("upstream_timeout", "65s")
                .containsEntry("EDGEWAY_NATS_EMBEDDED_ENABLED", "false");
        assertThat(env.get("EDGEWAY_NATS_URL"))
                .isEqualTo("nats://edgeway-nats-0.edgeway-nats-headless.edgeway.svc:4222,"
                        + "nats://edgeway-nats-1.edgeway-nats-headless.edgeway.svc:4222,"
                        + "nats://edgeway-nats-2.edgeway-nats-headless.edgeway.svc:4222");
        assertThat(list(gateway.get("volumeMounts")))
                .anySatisfy(m -> {
                    assertThat(m.get("name")).isEqualTo("basic-auth");
                    assertThat(m.get("mountPath")).isEqualTo(env.get("secret_mount_path"));
                })
                .anySatisfy(m -> {
                    assertThat(m.get("name")).isEqualTo("data");
                    assertThat(m.get("mountPath")).isEqualTo(env.get("EDGEWAY_DATA_DIR"));
                });
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(at(gateway, probe, "httpGet", "path")).as(probe).isEqualTo("/healthz");
            assertThat(at(gateway, probe, "httpGet", "port")).as(probe).isEqualTo("monitoring");
        }
        assertThat(at(deployment, "spec", "template", "metadata", "annotations"))
                .isEqualTo(Map.of(
                        "prometheus.io/scrape",
                        "true",
                        "prometheus.io/port",
                        "8082",
                        "prometheus.io/path",
                        "/metrics",
                        "checksum/basic-auth-user",
                        at(deployment, "spec", "template", "metadata", "annotations", "checksum/basic-auth-user")));
        List<Map<String, Object>> volumes = list(at(deployment, "spec", "template", "spec", "volumes"));
        assertThat(volumes)
                .anySatisfy(v -> {
                    assertThat(v.get("name")).isEqualTo("data");
                    assertThat(v).containsKey("emptyDir");
                })
                .anySatisfy(v -> assertThat(at(v, "secret", "secretName")).isEqualTo("edgeway-basic-auth"));

        List<Map<String, Object>> services = all(manifests, "Service");
        assertThat(services)
                .extracting(s -> at(s, "metadata", "name"))
                .containsExactlyInAnyOrder("edgeway", "edgeway-monitoring", "edgeway-nats-headless");
        assertThat(at(byName(services, "edgeway"), "spec", "ports"))
                .isEqualTo(List.of(Map.of("name", "http", "port", 8080, "targetPort", "http")));
        assertThat(at(byName(services, "edgeway-monitoring"), "spec", "ports"))
                .isEqualTo(List.of(Map.of("name", "monitoring", "port", 8082, "targetPort", "monitoring")));

        Map<String, Object> secret = only(manifests, "Secret");
        assertThat(at(secret, "metadata", "name")).isEqualTo("edgeway-basic-auth");
        Map<String, Object> data = map(secret.get("data"));
        assertThat(decode(data.get("basic-auth-user"))).isEqualTo("admin");
        assertThat(decode(data.get("basic-auth-password"))).hasSize(24);

        assertThat(all(manifests, "PodDisruptionBudget"))
                .extracting(p -> at(p, "metadata", "name"))
                .containsExactlyInAnyOrder("edgeway", "edgeway-nats");

        Map<String, Object> nats = only(manifests, "StatefulSet");
        assertThat(at(nats, "spec", "replicas")).isEqualTo(3);
        List<Map<String, Object>> claims = list(at(nats, "spec", "volumeClaimTemplates"));
        assertThat(claims).hasSize(1);
        assertThat(at(claims.get(0), "spec", "resources", "requests", "storage"))
                .isEqualTo("10Gi");
        String config = (String) at(only(manifests, "ConfigMap"), "data", "nats.conf");
        assertThat(config)
                .contains("store_dir: /data")
                .contains("nats://edgeway-nats-2.edgeway-nats-headless.edgeway.svc:6222");
    }

    @Test
    void externalNatsRendersNoStatefulSetAndPassesTheUrl() {
        List<Map<String, Object>> manifests =
                render(t -> t.set("nats.bundled.enabled", "false").set("nats.url", "nats://nats.nats:4222"));

        assertThat(all(manifests, "StatefulSet")).isEmpty();
        assertThat(all(manifests, "ConfigMap")).isEmpty();
        assertThat(all(manifests, "PersistentVolumeClaim")).isEmpty();
        assertThat(all(manifests, "Service"))
                .extracting(s -> at(s, "metadata", "name"))
                .containsExactlyInAnyOrder("edgeway", "edgeway-monitoring");
        assertThat(env(container(only(manifests, "Deployment"), "gateway")))
                .containsEntry("EDGEWAY_NATS_URL", "nats://nats.nats:4222");
    }

    @Test
    void externalNatsWithoutAUrlIsRefused() {
        assertThatThrownBy(() -> render(t -> t.set("nats.bundled.enabled", "false")))
                .hasMessageContaining("nats.url is required");
    }

    @Test
    void switchesReachTheManifests() {
        List<Map<String, Object>> manifests = render(t -> t.set("replicas", "3")
                .set("nats.bundled.replicas", "5")
                .set("basicAuth.password", "s3cret")
                .set("prometheus.scrapeAnnotations", "false")
                .set("podDisruptionBudget.enabled", "false"));

        Map<String, Object> deployment = only(manifests, "Deployment");
        assertThat(at(deployment, "spec", "replicas")).isEqualTo(3);
        assertThat(map(at(deployment, "spec", "template", "metadata", "annotations")))
                .doesNotContainKey("prometheus.io/scrape");
        assertThat(at(only(manifests, "StatefulSet"), "spec", "replicas")).isEqualTo(5);
        assertThat(decode(at(only(manifests, "Secret"), "data", "basic-auth-password")))
                .isEqualTo("s3cret");
        assertThat(all(manifests, "PodDisruptionBudget"))
                .extracting(p -> at(p, "metadata", "name"))
                .containsExactly("edgeway-nats");
    }

    @Test
    void anExistingSecretIsMountedAndNoneIsCreated() {
        List<Map<String, Object>> manifests = render(t -> t.set("basicAuth.existingSecret", "basic-auth"));

        assertThat(all(manifests, "Secret")).isEmpty();
        assertThat(list(at(only(manifests, "Deployment"), "spec", "template", "spec", "volumes")))
                .anySatisfy(v -> assertThat(at(v, "secret", "secretName")).isEqualTo("basic-auth"));
    }

    @Test
    void theKubernetesProviderRendersItsServiceAccountAndARoleLimitedToTheFunctionNamespace() {
        List<Map<String, Object>> manifests =
                render(t -> t.set("provider", "kubernetes").set("openfaas.functionNamespace", "functions"));

        Map<String, Object> pod = map(at(only(manifests, "Deployment"), "spec", "template", "spec"));
        assertThat(pod)
                .containsEntry("serviceAccountName", "edgeway")
                .containsEntry("automountServiceAccountToken", true);
        assertThat(env(container(only(manifests, "Deployment"), "gateway")))
                .containsEntry("EDGEWAY_GATEWAY_PROVIDER", "kubernetes")
                .containsEntry("function_namespace", "functions")
                .doesNotContainKey("functions_provider_url");
        assertThat(at(only(manifests, "ServiceAccount"), "metadata", "name")).isEqualTo("edgeway");
        Map<String, Object> role = only(manifests, "Role");
        assertThat(at(role, "metadata", "namespace")).isEqualTo("functions");
        assertThat(list(role.get("rules")))
                .extracting(r ->
                        String.join(",", strings(r.get("resources"))) + ":" + String.join(",", strings(r.get("verbs"))))
                .containsExactly(
                        "deployments:get,list,watch,create,patch,delete",
                        "services:get,create,patch,delete",
                        "endpoints:get,list,watch",
                        "secrets:get,list,create,patch,delete",
                        "pods:get,list,watch",
                        "pods/log:get");
        assertThat(all(manifests, "ClusterRole")).isEmpty();
        Map<String, Object> binding = only(manifests, "RoleBinding");
        assertThat(at(binding, "metadata", "namespace")).isEqualTo("functions");
        assertThat(at(binding, "roleRef", "name")).isEqualTo(at(role, "metadata", "name"));
        assertThat(list(binding.get("subjects"))).singleElement().satisfies(subject -> assertThat(subject)
                .containsEntry("kind", "ServiceAccount")
                .containsEntry("name", "edgeway")
                .containsEntry("namespace", "edgeway"));
    }

    @Test
    void theFaasProviderRendersNoKubernetesIdentity() {
        List<Map<String, Object>> manifests = render(t -> t);

        assertThat(all(manifests, "ServiceAccount")).isEmpty();
        assertThat(all(manifests, "Role")).isEmpty();
        assertThat(all(manifests, "RoleBinding")).isEmpty();
        assertThat(map(at(only(manifests, "Deployment"), "spec", "template", "spec")))
                .containsEntry("automountServiceAccountToken", false)
                .doesNotContainKey("serviceAccountName");
    }

    @Test
    void everyContainerRunsNonRootOnAReadOnlyRootWithLimits() {
        List<Map<String, Object>> manifests = render(t -> t);
        List<Map<String, Object>> workloads = new ArrayList<>();
        workloads.addAll(all(manifests, "Deployment"));
        workloads.addAll(all(manifests, "StatefulSet"));
        assertThat(workloads).hasSize(2);

        for (Map<String, Object> workload : workloads) {
            Map<String, Object> pod = map(at(workload, "spec", "template", "spec"));
            assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
            assertThat((Integer) at(pod, "securityContext", "runAsUser")).isPositive();
            List<Map<String, Object>> containers = new ArrayList<>(list(pod.get("containers")));
            if (pod.get("initContainers") != null) {
                containers.addAll(list(pod.get("initContainers")));
            }
            for (Map<String, Object> c : containers) {
                String what = at(workload, "metadata", "name") + "/" + c.get("name");
                assertThat(at(c, "securityContext", "runAsNonRoot")).as(what).isEqualTo(true);
                assertThat(at(c, "securityContext", "readOnlyRootFilesystem"))
                        .as(what)
                        .isEqualTo(true);
                assertThat(at(c, "securityContext", "allowPrivilegeEscalation"))
                        .as(what)
                        .isEqualTo(false);
                assertThat(map(at(c, "resources", "limits"))).as(what).containsKeys("cpu", "memory");
                assertThat(map(at(c, "resources", "requests"))).as(what).containsKeys("cpu", "memory");
            }
        }
    }

    @Test
    void theSchemaRefusesWrongTypes() {
        assertThatThrownBy(() -> render(t -> t.set("replicas", "two"))).hasMessageContaining("replicas");
        assertThatThrownBy(() -> render(t -> t.set("basicAuth.enabled", "yes"))).hasMessageContaining("enabled");
        assertThatThrownBy(() -> render(t -> t.set("nats.bundled.replicas", "three")))
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> render(t -> t.set("provider", "swarm"))).hasMessageContaining("provider");
    }

    @Test
    void kafkaOnPassesBrokersTopicsAndGroupUnderTheConnectorsNames() {
        Map<String, String> env = env(container(
                only(
                        render(t -> t.set("kafka.enabled", "true")
                                .set("kafka.brokers", "kafka-0.kafka:9092,kafka-1.kafka:9092")
                                .set("kafka.topics", "frames,events")
                                .set("kafka.groupId", "edge")),
                        "Deployment"),
                "gateway"));

        assertThat(env)
                .containsEntry("EDGEWAY_KAFKA_ENABLED", "true")
                .containsEntry("broker_hosts", "kafka-0.kafka:9092,kafka-1.kafka:9092")
                .containsEntry("topics", "frames,events")
                .containsEntry("kafka_group_id", "edge");
    }

    @Test
    void kafkaIsOffByDefaultAndRefusedWithoutBrokers() {
        assertThat(env(container(only(render(t -> t), "Deployment"), "gateway")))
                .containsEntry("EDGEWAY_KAFKA_ENABLED", "false")
                .doesNotContainKeys("broker_hosts", "topics");
        assertThatThrownBy(() -> render(t -> t.set("kafka.enabled", "true").set("kafka.topics", "frames")))
                .hasMessageContaining("kafka.brokers is required");
    }

    @Test
    void serviceMonitorOnScrapesTheMonitoringPort() {
        assertThat(all(render(t -> t), "ServiceMonitor")).isEmpty();

        Map<String, Object> monitor = only(
                render(t -> t.set("prometheus.serviceMonitor.enabled", "true")
                        .set("prometheus.serviceMonitor.labels.release", "prometheus")),
                "ServiceMonitor");

        assertThat(at(monitor, "apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(at(monitor, "metadata", "labels", "release")).isEqualTo("prometheus");
        assertThat(at(monitor, "spec", "endpoints"))
                .isEqualTo(List.of(Map.of("port", "monitoring", "path", "/metrics", "interval", "30s")));
        assertThat(map(at(monitor, "spec", "selector", "matchLabels")))
                .containsEntry("app.kubernetes.io/component", "gateway");
    }

    @Test
    void replicasOfBucketsAndStreamsReachTheGatewayAndNeverExceedTheBundledNodes() {
        assertThat(env(container(only(render(t -> t), "Deployment"), "gateway")))
                .containsEntry("EDGEWAY_NATS_REPLICAS", "3");
        assertThat(env(container(
                        only(
                                render(t -> t.set("nats.bundled.enabled", "false")
                                        .set("nats.url", "nats://nats.nats:4222")
                                        .set("nats.jetStreamReplicas", "1")),
                                "Deployment"),
                        "gateway")))
                .containsEntry("EDGEWAY_NATS_REPLICAS", "1");
        assertThatThrownBy(() -> render(t -> t.set("nats.bundled.replicas", "1")))
                .hasMessageContaining("nats.jetStreamReplicas (3) exceeds nats.bundled.replicas (1)");
    }

    @Test
    void asyncAndScheduleSettingsReachTheGateway() {
        Map<String, String> env = env(container(
                only(
                        render(t -> t.set("async.workers", "4")
                                .set("async.maxInflight", "32")
                                .set("async.retry.maxWait", "1m")
                                .set("schedules.zone", "Europe/Berlin")
                                .set("schedules.missedTicks", "fire-once")),
                        "Deployment"),
                "gateway"));

        assertThat(env)
                .containsEntry("EDGEWAY_ASYNC_ENABLED", "true")
                .containsEntry("EDGEWAY_ASYNC_WORKERS", "4")
                .containsEntry("EDGEWAY_ASYNC_MAXINFLIGHT", "32")
                .containsEntry("EDGEWAY_ASYNC_MAXINFLIGHTPERFUNCTION", "4")
                .containsEntry("EDGEWAY_ASYNC_ACKWAIT", "30s")
                .containsEntry("EDGEWAY_ASYNC_RETRY_ATTEMPTS", "3")
                .containsEntry("EDGEWAY_ASYNC_RETRY_MAXWAIT", "1m")
                .containsEntry("EDGEWAY_SCHEDULES_ENABLED", "true")
                .containsEntry("EDGEWAY_SCHEDULES_ZONE", "Europe/Berlin")
                .containsEntry("EDGEWAY_SCHEDULES_MISSEDTICKS", "fire-once");
    }

    @ParameterizedTest
    @CsvSource({
        "nats.jetStreamReplicas, three",
        "nats.jetStreamReplicas, 7",
        "prometheus.serviceMonitor.enabled, on",
        "kafka.enabled, yes",
        "async.workers, two",
        "async.retry.attempts, 0",
        "schedules.enabled, sometimes",
        "schedules.missedTicks, always",
    })
    void theSchemaRefusesWrongScaleOutValues(String key, String value) {
        String leaf = key.substring(key.lastIndexOf('.') + 1);
        assertThatThrownBy(() -> render(t -> t.set(key, value))).hasMessageContaining(leaf);
    }

    @Test
    void theChartDirectoryIsWhereTheTestLooks() {
        assertThat(Files.isRegularFile(CHART.resolve("Chart.yaml"))).isTrue();
    }

    private static List<Map<String, Object>> render(UnaryOperator<TemplateCommand> values) {
        String rendered = values.apply(
                        new Helm(CHART).template().withName("edgeway").withNamespace("edgeway"))
                .call();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Object document : yaml.loadAll(rendered)) {
            if (document != null) {
                manifests.add(map(document));
            }
        }
        return manifests;
    }

    private static List<Map<String, Object>> all(List<Map<String, Object>> manifests, String kind) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> manifests, String kind) {
        List<Map<String, Object>> found = all(manifests, kind);
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> byName(List<Map<String, Object>> manifests, String name) {
        return manifests.stream()
                .filter(m -> name.equals(at(m, "metadata", "name")))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, Object> container(Map<String, Object> workload, String name) {
        return list(at(workload, "spec", "template", "spec", "containers")).stream()
                .filter(c -> name.equals(c.get("name")))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (Map<String, Object> e : list(container.get("env"))) {
            env.put((String) e.get("name"), (String) e.get("value"));
        }
        return env;
    }

    private static String decode(Object base64) {
        return new String(
                java.util.Base64.getDecoder().decode((String) base64), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Object at(Map<String, Object> node, String... path) {
        Object current = node;
        for (String key : path) {
            assertThat(current).as("%s in %s", key, String.join(".", path)).isInstanceOf(Map.class);
            current = map(current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object node) {
        return (List<String>) node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object node) {
        return (List<Map<String, Object>>) node;
    }
}
