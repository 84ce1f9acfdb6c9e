package dev.edgeway.gateway.provider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.edgeway.gateway.EdgewayApplication;
import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.SystemApi;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole gateway with {@code provider=kubernetes} against fabric8's Kubernetes mock server in
 * CRUD mode: every {@code /system} call as the objects it leaves in the API server, and
 * invocations reaching real HTTP servers through the Endpoints the test publishes, as Kubernetes
 * would for ready pods. One mock server and one Spring context for the whole class.
 */
@SpringBootTest(
        classes = EdgewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "edgeway.gateway.data-dir=target/it-data/${random.uuid}",
            "edgeway.gateway.provider=kubernetes",
            "edgeway.gateway.kubernetes.namespaces=staging",
            "edgeway.gateway.scaling.ready-timeout=20s",
            "edgeway.storage.enabled=false",
        })
@AutoConfigureWebTestClient(timeout = "PT30S")
@Timeout(60)
class KubernetesProviderIT {

    private static final String NS = "openfaas-fn";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    // Lives as long as the JVM: the cached Spring context's informers keep watching it. CRUD for
    // every object, and answers set with expect() for what CRUD cannot serve (pod logs).
    static final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    static final KubernetesMockServer kubernetes = new KubernetesMockServer(
            new Context(), new MockWebServer(), expectations, new KubernetesMixedDispatcher(expectations), false);
    static final NamespacedKubernetesClient api;

    static {
        kubernetes.init(InetAddress.getLoopbackAddress(), 0);
        api = kubernetes.createClient();
    }

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @Autowired
    FunctionInformers informers;

    SystemApi system;

    @DynamicPropertySource
    static void masterUrl(DynamicPropertyRegistry registry) {
        registry.add("edgeway.gateway.kubernetes.master-url", () -> api.getConfiguration()
                .getMasterUrl());
    }

    @BeforeEach
    void systemApi() {
        system = new SystemApi(client, credentials);
    }

    @Test
    void deploysADeploymentAndAServiceWithFaasNetesConventions() {
        system.send(HttpMethod.POST, "/system/secrets", "{\"name\":\"db-password\",\"value\":\"hunter2\"}")
                .expectStatus()
                .isAccepted();
        system.deploy("""
                {"service":"shaped","image":"ghcr.io/example/shaped:1","envProcess":"python3 index.py",
                 "envVars":{"MODE":"fast"},"secrets":["db-password"],
                 "labels":{"com.openfaas.scale.min":"2","team":"edge"},"annotations":{"topic":"orders"},
                 "limits":{"memory":"128Mi","cpu":"500m"},"requests":{"memory":"64Mi"},
                 "readOnlyRootFilesystem":true}""");

        Deployment deployment =
                api.apps().deployments().inNamespace(NS).withName("shaped").get();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .containsExactly(Map.entry("faas_function", "shaped"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("faas_function", "shaped")
                .containsEntry("team", "edge");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("topic", "orders")
                .containsEntry("prometheus.io.scrape", "false");
        Container container =
                deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("ghcr.io/example/shaped:1");
        assertThat(container.getPorts().getFirst().getContainerPort()).isEqualTo(8080);
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/_/health");
        assertThat(container.getEnv())
                .extracting(e -> e.getName() + "=" + e.getValue())
                .containsExactly("MODE=fast", "fprocess=python3 index.py");
        assertThat(container.getVolumeMounts())
                .extracting(m -> m.getMountPath())
                .containsExactly("/var/openfaas/secrets", "/tmp");
        assertThat(container.getResources().getLimits()).containsOnlyKeys("memory", "cpu");
        assertThat(container.getResources().getLimits().get("memory").toString())
                .isEqualTo("128Mi");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        Service service = api.services().inNamespace(NS).withName("shaped").get();
        assertThat(service.getSpec().getSelector()).containsExactly(Map.entry("faas_function", "shaped"));
        assertThat(service.getSpec().getPorts().getFirst().getPort()).isEqualTo(8080);

        await().atMost(WAIT).untilAsserted(() -> system.get("/system/function/shaped")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.image")
                .isEqualTo("ghcr.io/example/shaped:1")
                .jsonPath("$.envProcess")
                .isEqualTo("python3 index.py")
                .jsonPath("$.replicas")
                .isEqualTo(2)
                .jsonPath("$.secrets[0]")
                .isEqualTo("db-password")
                .jsonPath("$.limits.memory")
                .isEqualTo("128Mi")
                .jsonPath("$.readOnlyRootFilesystem")
                .isEqualTo(true));
    }

    @Test
    void listsUpdatesAndDeletesFunctions() {
        system.deploy("{\"service\":\"listed\",\"image\":\"ghcr.io/example/listed:1\"}");
        await().atMost(WAIT).untilAsserted(() -> system.get("/system/functions")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.name == 'listed')].image")
                .isEqualTo("ghcr.io/example/listed:1"));

        system.send(
                        HttpMethod.PUT,
                        "/system/functions",
                        "{\"service\":\"listed\",\"image\":\"ghcr.io/example/listed:2\"}")
                .expectStatus()
                .isAccepted();
        assertThat(api.apps()
                        .deployments()
                        .inNamespace(NS)
                        .withName("listed")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getImage())
                .isEqualTo("ghcr.io/example/listed:2");

        system.send(HttpMethod.DELETE, "/system/functions", "{\"functionName\":\"listed\"}")
                .expectStatus()
                .isAccepted();
        assertThat(api.apps().deployments().inNamespace(NS).withName("listed").get())
                .isNull();
        assertThat(api.services().inNamespace(NS).withName("listed").get()).isNull();
        await().atMost(WAIT)
                .untilAsserted(() ->
                        system.get("/system/function/listed").expectStatus().isNotFound());
        system.send(HttpMethod.DELETE, "/system/functions", "{\"functionName\":\"listed\"}")
                .expectStatus()
                .isNotFound();
        system.send(
                        HttpMethod.PUT,
                        "/system/functions",
                        "{\"service\":\"listed\",\"image\":\"ghcr.io/example/listed:3\"}")
                .expectStatus()
                .isNotFound();
    }

    @Test
    void scalesTheDeployment() {
        system.deploy("{\"service\":\"scaled\",\"image\":\"ghcr.io/example/scaled:1\"}");
        awaitStatus("scaled");

        system.send(HttpMethod.POST, "/system/scale-function/scaled", "{\"serviceName\":\"scaled\",\"replicas\":3}")
                .expectStatus()
                .isAccepted();

        assertThat(api.apps()
                        .deployments()
                        .inNamespace(NS)
                        .withName("scaled")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(3);
        system.send(HttpMethod.POST, "/system/scale-function/ghost", "{\"serviceName\":\"ghost\",\"replicas\":1}")
                .expectStatus()
                .isNotFound();
    }

    @Test
    void invokesReadyEndpointsRoundRobin() {
        HttpServer a = FunctionPods.start("pod-a");
        HttpServer b = FunctionPods.start("pod-b");
        try {
            system.deploy("{\"service\":\"spread\",\"image\":\"ghcr.io/example/spread:1\"}");
            api.endpoints()
                    .inNamespace(NS)
                    .resource(FunctionPods.endpoints("spread", NS, a, b))
                    .create();
            await().atMost(WAIT).untilAsserted(() -> system.get("/system/function/spread")
                    .expectBody()
                    .jsonPath("$.availableReplicas")
                    .isEqualTo(2));

            List<String> answers =
                    List.of(call("spread", "1"), call("spread", "2"), call("spread", "3"), call("spread", "4"));

            assertThat(answers).containsExactly("pod-a: 1 /", "pod-b: 2 /", "pod-a: 3 /", "pod-b: 4 /");
            assertThat(callPath("spread", "/sub/path?q=1")).endsWith(" /sub/path?q=1");
        } finally {
            a.stop(0);
            b.stop(0);
        }
    }

    @Test
    void scaledToZeroWakesAndWaitsForAReadyEndpoint() {
        HttpServer pod = FunctionPods.start("woken");
        try {
            system.deploy("{\"service\":\"sleepy\",\"image\":\"ghcr.io/example/sleepy:1\"}");
            awaitStatus("sleepy");
            system.send(HttpMethod.POST, "/system/scale-function/sleepy", "{\"serviceName\":\"sleepy\",\"replicas\":0}")
                    .expectStatus()
                    .isAccepted();
            await().atMost(WAIT).untilAsserted(() -> system.get("/system/function/sleepy")
                    .expectBody()
                    .jsonPath("$.replicas")
                    .doesNotExist());

            // On a thread of its own: blocking the common pool (one thread on two cores) would
            // starve the Kubernetes clients' callbacks that run there.
            CompletableFuture<String> call = CompletableFuture.supplyAsync(
                    () -> call("sleepy", "hi"), runnable -> Thread.ofVirtual().start(runnable));
            // The call wakes the function: the Deployment is scaled up, then its pod becomes ready.
            await().atMost(WAIT).untilAsserted(() -> assertThat(api.apps()
                            .deployments()
                            .inNamespace(NS)
                            .withName("sleepy")
                            .get()
                            .getSpec()
                            .getReplicas())
                    .isEqualTo(1));
            assertThat(call).isNotDone();
            api.endpoints()
                    .inNamespace(NS)
                    .resource(FunctionPods.endpoints("sleepy", NS, pod))
                    .create();

            assertThat(call.join()).isEqualTo("woken: hi /");
        } finally {
            pod.stop(0);
        }
    }

    @Test
    void answersNotFoundForUnknownFunctions() {
        client.post()
                .uri("/function/ghost")
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void createsListsUpdatesAndDeletesSecrets() {
        system.send(HttpMethod.POST, "/system/secrets", "{\"name\":\"api-key\",\"value\":\"one\"}")
                .expectStatus()
                .isAccepted();
        assertThat(api.secrets().inNamespace(NS).withName("api-key").get().getData())
                .containsEntry("api-key", "b25l");
        system.send(HttpMethod.POST, "/system/secrets", "{\"name\":\"api-key\",\"value\":\"two\"}")
                .expectStatus()
                .isEqualTo(409);
        system.get("/system/secrets")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.name == 'api-key')].namespace")
                .isEqualTo(NS)
                .jsonPath("$[0].value")
                .doesNotExist();

        system.send(HttpMethod.PUT, "/system/secrets", "{\"name\":\"api-key\",\"value\":\"two\"}")
                .expectStatus()
                .isAccepted();
        assertThat(api.secrets().inNamespace(NS).withName("api-key").get().getData())
                .containsEntry("api-key", "dHdv");

        system.send(HttpMethod.DELETE, "/system/secrets", "{\"name\":\"api-key\"}")
                .expectStatus()
                .isAccepted();
        assertThat(api.secrets().inNamespace(NS).withName("api-key").get()).isNull();
        system.send(HttpMethod.DELETE, "/system/secrets", "{\"name\":\"api-key\"}")
                .expectStatus()
                .isNotFound();
        system.send(HttpMethod.PUT, "/system/secrets", "{\"name\":\"ghost\",\"value\":\"x\"}")
                .expectStatus()
                .isNotFound();
    }

    @Test
    void listsTheConfiguredNamespacesAndRefusesOthers() {
        system.get("/system/namespaces").expectStatus().isOk().expectBody().json("[\"openfaas-fn\",\"staging\"]");
        system.send(
                        HttpMethod.POST,
                        "/system/functions",
                        "{\"service\":\"staged\",\"image\":\"x:1\",\"namespace\":\"staging\"}")
                .expectStatus()
                .isAccepted();
        assertThat(api.apps()
                        .deployments()
                        .inNamespace("staging")
                        .withName("staged")
                        .get())
                .isNotNull();

        system.send(
                        HttpMethod.POST,
                        "/system/functions",
                        "{\"service\":\"elsewhere\",\"image\":\"x:1\",\"namespace\":\"kube-system\"}")
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .isEqualTo("namespace must be one of: openfaas-fn, staging");
    }

    @Test
    void refusesBadNamesQuantitiesAndMissingSecretsWithBadRequest() {
        system.send(HttpMethod.POST, "/system/functions", "{\"service\":\"Bad_Name\",\"image\":\"x:1\"}")
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .isEqualTo("validation failed: service: (Bad_Name) is invalid, must be a valid DNS entry");
        system.send(
                        HttpMethod.POST,
                        "/system/functions",
                        "{\"service\":\"greedy\",\"image\":\"x:1\",\"limits\":{\"memory\":\"lots\"}}")
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .isEqualTo("validation failed: limits.memory: lots is not a quantity (expected e.g. 128Mi, 500m, 1.5)");
        system.send(
                        HttpMethod.POST,
                        "/system/functions",
                        "{\"service\":\"greedy\",\"image\":\"x:1\",\"requests\":{\"cpu\":\"-1\"}}")
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .isEqualTo("validation failed: requests.cpu: -1 must be more than 0");
        system.send(
                        HttpMethod.POST,
                        "/system/functions",
                        "{\"service\":\"greedy\",\"image\":\"x:1\",\"secrets\":[\"absent\"]}")
                .expectStatus()
                .isBadRequest();
        assertThat(api.apps().deployments().inNamespace(NS).withName("greedy").get())
                .isNull();
    }

    @Test
    void describesItselfAsTheKubernetesProviderInSystemInfo() {
        system.get("/system/info")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.provider.provider")
                .isEqualTo("edgeway-kubernetes")
                .jsonPath("$.provider.orchestration")
                .isEqualTo("kubernetes")
                .jsonPath("$.provider.sandbox")
                .doesNotExist();
    }

    @Test
    void decodesWatchEventsOnTheProvidersOwnThreads() {
        system.deploy("{\"service\":\"watched\",\"image\":\"ghcr.io/example/watched:1\"}");
        awaitStatus("watched");

        // The Deployment reached the cache through a watch event, decoded on the client's pool.
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .anyMatch(name -> name.startsWith("edgeway-kubernetes-"));
    }

    @Test
    void answersLogsOfUnknownFunctionsWithNotFound() {
        system.get("/system/logs?name=ghost").expectStatus().isNotFound();
    }

    @Test
    void servesThePodsLogLinesAsOpenFaasLogMessages() {
        system.deploy("{\"service\":\"talker\",\"image\":\"ghcr.io/example/talker:1\"}");
        awaitStatus("talker");
        String pod = "talker-5d8c7-x2k4q";
        api.pods().inNamespace(NS).resource(readyPod(pod, "talker")).create();
        String log = "/api/v1/namespaces/" + NS + "/pods/" + pod + "/log?pretty=false";
        kubernetes
                .expect()
                .get()
                .withPath(log + "&timestamps=true")
                .andReturn(200, "2026-12-02T03:00:00.123456789Z started on :8080\n2026-12-02T03:00:01Z took 2ms\n")
                .always();
        kubernetes
                .expect()
                .get()
                .withPath(log + "&tailLines=1&timestamps=true")
                .andReturn(200, "2026-12-02T03:00:01Z took 2ms\n")
                .always();

        List<JsonNode> lines = logLines("/system/logs?name=talker");
        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst().propertyNames())
                .containsExactlyInAnyOrder("name", "namespace", "instance", "timestamp", "text");
        assertThat(lines)
                .extracting(
                        l -> l.get("name").asString() + " " + l.get("namespace").asString() + " "
                                + l.get("instance").asString() + " "
                                + Instant.parse(l.get("timestamp").asString()) + " "
                                + l.get("text").asString())
                .containsExactly(
                        "talker openfaas-fn " + pod + " 2026-12-02T03:00:00.123456789Z started on :8080",
                        "talker openfaas-fn " + pod + " 2026-12-02T03:00:01Z took 2ms");
        assertThat(logLines("/system/logs?name=talker&tail=1"))
                .extracting(l -> l.get("text").asString())
                .containsExactly("took 2ms");
    }

    @Test
    void keepsServingAfterTheInformersAreStoppedAndStartedAgain() {
        system.deploy("{\"service\":\"restarted\",\"image\":\"ghcr.io/example/restarted:1\"}");
        awaitStatus("restarted");

        informers.stop();
        informers.start();

        assertThat(informers.isRunning()).isTrue();
        awaitStatus("restarted");
        client.get().uri("/healthz").exchange().expectStatus().isOk();
    }

    /** The NDJSON lines of a {@code /system/logs} answer. */
    private List<JsonNode> logLines(String uri) {
        String body = system.get(uri)
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return body == null
                ? List.of()
                : body.lines()
                        .filter(line -> !line.isBlank())
                        .map(JSON::readTree)
                        .toList();
    }

    /** A running pod of a function, ready, as the kubelet reports it: fabric8 reads logs of ready pods. */
    private static Pod readyPod(String name, String function) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .addToLabels("faas_function", function)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(function)
                .withImage("ghcr.io/example/" + function + ":1")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
    }

    private void awaitStatus(String name) {
        await().atMost(WAIT)
                .untilAsserted(() ->
                        system.get("/system/function/" + name).expectStatus().isOk());
    }

    private String call(String function, String body) {
        return client.post()
                .uri("/function/" + function)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private String callPath(String function, String path) {
        return new String(
                client.get()
                        .uri("/function/" + function + path)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBodyContent(),
                StandardCharsets.UTF_8);
    }
}
