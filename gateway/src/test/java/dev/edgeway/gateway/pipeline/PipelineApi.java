package dev.edgeway.gateway.pipeline;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import java.nio.file.Path;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Drives the pipelines API and deploys the test step function, as a user would over HTTP. */
final class PipelineApi {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebTestClient client;
    private final BasicAuthCredentials credentials;
    private final SystemApi system;

    PipelineApi(WebTestClient client, BasicAuthCredentials credentials) {
        this.client = client;
        this.credentials = credentials;
        this.system = new SystemApi(client, credentials);
    }

    SystemApi system() {
        return system;
    }

    /** Deploys {@code pipeline_step.py} in classic mode with these options (see the script). */
    void deployStep(String function, String options) {
        system.remove(function);
        system.deploy(TestFunctions.classic(function, command(options), "{\"combine_output\":\"false\"}"));
    }

    /** Replaces a function's deployment (PUT /system/functions), as faas-cli deploy --update does. */
    void redeployStep(String function, String options) {
        system.send(
                        HttpMethod.PUT,
                        "/system/functions",
                        TestFunctions.classic(function, command(options), "{\"combine_output\":\"false\"}"))
                .expectStatus()
                .is2xxSuccessful();
    }

    private static String command(String options) {
        Path script = TestFunctions.script("pipeline_step.py");
        return ("python3 " + script + " " + options).trim();
    }

    WebTestClient.ResponseSpec put(String name, MediaType type, String definition) {
        return client.put()
                .uri("/system/pipelines/" + name)
                .header(HttpHeaders.AUTHORIZATION, credentials.header())
                .contentType(type)
                .bodyValue(definition)
                .exchange();
    }

    /** Defines a pipeline from YAML and fails the test unless it was accepted. */
    void define(String name, String yaml) {
        put(name, YAML, yaml).expectStatus().is2xxSuccessful();
    }

    WebTestClient.ResponseSpec get(String uri) {
        return system.get(uri);
    }

    WebTestClient.ResponseSpec delete(String name) {
        return client.delete()
                .uri("/system/pipelines/" + name)
                .header(HttpHeaders.AUTHORIZATION, credentials.header())
                .exchange();
    }

    /** Runs a pipeline without credentials, as {@code /pipeline/{name}} is open. */
    WebTestClient.ResponseSpec run(String uri, String input) {
        return client.post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(input)
                .exchange();
    }

    WebTestClient.ResponseSpec status(String name, String runId) {
        return system.get("/system/pipelines/" + name + "/runs/" + runId);
    }

    WebTestClient.ResponseSpec resume(String name, String runId) {
        return client.post()
                .uri("/system/pipelines/" + name + "/runs/" + runId + "/resume")
                .header(HttpHeaders.AUTHORIZATION, credentials.header())
                .exchange();
    }

    /** The JSON body of a response that must have the given status. */
    static JsonNode json(WebTestClient.ResponseSpec response, int status) {
        byte[] body = response.expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult()
                .getResponseBodyContent();
        return JSON.readTree(body == null ? new byte[0] : body);
    }

    static JsonNode parse(String json) {
        return JSON.readTree(json);
    }
}
