package dev.edgeway.gateway.provider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.EdgewayApplication;
import dev.edgeway.gateway.auth.BasicAuthCredentials;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The gateway with {@code provider=kubernetes} against a real API server: K3s in a container
 * (Testcontainers' K3s module), where a Docker engine exists, and skipped where none does (the
 * project's own build machines have none; {@link KubernetesProviderIT} covers the same calls
 * against fabric8's mock server there). The gateway runs on the host and cannot reach pod IPs
 * inside the container, so invocations are left to the mock-server test; this one checks that
 * what the provider writes is accepted by a real API server and becomes ready there.
 */
@EnabledIf("dockerAvailable")
class KubernetesK3sIT {

    private static final String NS = "openfaas-fn";
    /** An image pull on a first run: minutes, not seconds. */
    private static final Duration READY = Duration.ofMinutes(5);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static K3sContainer k3s;
    private static KubernetesClient api;
    private static ConfigurableApplicationContext gateway;
    private static String base;
    private static String authorization;

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @BeforeAll
    static void start() throws Exception {
        k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));
        k3s.start();
        api = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
                .build();
        api.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .serverSideApply();
        Path kubeconfig = Files.createTempFile("edgeway-k3s", ".yaml");
        Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
        // fabric8's own discovery, as the gateway uses it outside a cluster: the kubeconfig file.
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig.toString());
        gateway = new SpringApplicationBuilder(EdgewayApplication.class)
                .run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--edgeway.gateway.data-dir=target/it-data/k3s-" + UUID.randomUUID(),
                        "--edgeway.gateway.provider=kubernetes",
                        "--edgeway.storage.enabled=false");
        base = "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port");
        authorization = gateway.getBean(BasicAuthCredentials.class).header();
    }

    @AfterAll
    static void stop() {
        System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        if (gateway != null) {
            gateway.close();
        }
        if (api != null) {
            api.close();
        }
        if (k3s != null) {
            k3s.stop();
        }
    }

    @Test
    void deploysScalesAndDeletesAFunctionOnARealApiServer() throws Exception {
        HttpResponse<String> deployed = send("POST", "/system/functions", """
                {"service":"k3s-echo","image":"ghcr.io/openfaas/alpine:latest","envProcess":"cat",
                 "labels":{"com.openfaas.scale.min":"1"},"limits":{"memory":"64Mi"}}""");
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(202);

        await().atMost(READY)
                .pollInterval(Duration.ofSeconds(2))
                .until(() ->
                        send("GET", "/system/function/k3s-echo", null).body().contains("\"availableReplicas\":1"));
        assertThat(api.services().inNamespace(NS).withName("k3s-echo").get()).isNotNull();

        HttpResponse<String> scaled =
                send("POST", "/system/scale-function/k3s-echo", "{\"serviceName\":\"k3s-echo\",\"replicas\":2}");
        assertThat(scaled.statusCode()).as(scaled.body()).isBetween(200, 202);
        await().atMost(READY)
                .until(() -> api.apps()
                                .deployments()
                                .inNamespace(NS)
                                .withName("k3s-echo")
                                .get()
                                .getSpec()
                                .getReplicas()
                        == 2);

        HttpResponse<String> deleted = send("DELETE", "/system/functions", "{\"functionName\":\"k3s-echo\"}");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
        await().atMost(READY)
                .until(() -> api.apps()
                                        .deployments()
                                        .inNamespace(NS)
                                        .withName("k3s-echo")
                                        .get()
                                == null
                        && api.services().inNamespace(NS).withName("k3s-echo").get() == null);
    }

    private static HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
