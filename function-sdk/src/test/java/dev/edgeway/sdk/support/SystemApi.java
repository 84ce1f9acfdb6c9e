package dev.edgeway.sdk.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Deploys and calls functions on the packaged gateway, as faas-cli and a caller would. */
public final class SystemApi implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PackagedGateway gateway;
    private final HttpClient http = HttpClient.newHttpClient();

    public SystemApi(PackagedGateway gateway) {
        this.gateway = gateway;
    }

    /** Deploys (or updates) a function through {@code /system/functions}; fails on any non-2xx. */
    public void deploy(String name, String envProcess, Map<String, String> envVars) throws Exception {
        deploy(name, envProcess, envVars, List.of());
    }

    /** Deploys (or updates) a function with the named secrets; fails on any non-2xx. */
    public void deploy(String name, String envProcess, Map<String, String> envVars, List<String> secrets)
            throws Exception {
        String body = JSON.writeValueAsString(Map.of(
                "service", name,
                "image", "local",
                "envProcess", envProcess,
                "envVars", envVars,
                "secrets", secrets));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gateway.url() + "/system/functions"))
                .header("Authorization", gateway.authorization())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("deploy " + name + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** Creates or replaces a secret through {@code /system/secrets}, as {@code faas-cli secret create} does. */
    public void putSecret(String name, String value) throws Exception {
        String body = JSON.writeValueAsString(Map.of("name", name, "value", value));
        HttpResponse<String> created = send(secretRequest().POST(HttpRequest.BodyPublishers.ofString(body)));
        if (created.statusCode() == 409) {
            created = send(secretRequest().PUT(HttpRequest.BodyPublishers.ofString(body)));
        }
        if (created.statusCode() / 100 != 2) {
            throw new IllegalStateException("secret " + name + ": " + created.statusCode() + " " + created.body());
        }
    }

    private HttpRequest.Builder secretRequest() {
        return HttpRequest.newBuilder(URI.create(gateway.url() + "/system/secrets"))
                .header("Authorization", gateway.authorization())
                .header("Content-Type", "application/json");
    }

    /** Removes a function. */
    public void remove(String name) throws Exception {
        send(HttpRequest.newBuilder(URI.create(gateway.url() + "/system/functions"))
                .header("Authorization", gateway.authorization())
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"functionName\":\"" + name + "\"}")));
    }

    /** Calls a function with a JSON body and the task id header. */
    public HttpResponse<String> invoke(String name, String taskId, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(gateway.url() + "/function/" + name))
                .timeout(Duration.ofSeconds(60))
                .header("X-Task-ID", taskId)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        http.close();
    }
}
