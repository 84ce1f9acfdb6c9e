package dev.edgeway.gateway.support;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Calls the gateway's {@code /system} API with its credentials, as faas-cli does. */
public final class SystemApi {

    private final WebTestClient client;
    private final BasicAuthCredentials credentials;

    public SystemApi(WebTestClient client, BasicAuthCredentials credentials) {
        this.client = client;
        this.credentials = credentials;
    }

    public WebTestClient.ResponseSpec send(HttpMethod method, String uri, String json) {
        return client.method(method)
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, credentials.header())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    public WebTestClient.ResponseSpec get(String uri) {
        return client.get()
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, credentials.header())
                .exchange();
    }

    /** Deploys a function and fails the test unless the gateway accepted it. */
    public void deploy(String json) {
        send(HttpMethod.POST, "/system/functions", json).expectStatus().isAccepted();
    }

    /** Removes a function if it exists. */
    public void remove(String name) {
        send(HttpMethod.DELETE, "/system/functions", "{\"functionName\":\"" + name + "\"}");
    }

    /** A golden JSON file from {@code src/test/resources/golden}. */
    public static String golden(String name) {
        try (InputStream in = SystemApi.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
