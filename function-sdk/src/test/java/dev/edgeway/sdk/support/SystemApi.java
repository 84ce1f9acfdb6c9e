package dev.edgeway.sdk.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
        String body = JSON.writeValueAsString(Map.of(
                "service", name,
                "image", "local",
                "envProcess", envProcess,
                "envVars", envVars));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gateway.url() + "/system/functions"))
                .header("Authorization", gateway.authorization())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("deploy " + name + ": " + response.statusCode() + " " + response.body());
        }
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
