package dev.edgeway.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code http} steps: a host on the allow-list (the tests allow {@code 127.0.0.1}) is called
 * with the step's input and headers; any other host is refused when the pipeline is defined.
 */
@GatewayIT
class HttpStepIT {

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @LocalServerPort
    int port;

    PipelineApi api;

    @BeforeEach
    void setUp() {
        api = new PipelineApi(client, credentials);
    }

    @Test
    void callsAnAllowedHostWithTheStepInputAndHeaders() {
        api.deployStep("http-first", "--tag first");
        api.deployStep("http-target", "--tag target");
        api.define("http-allowed", """
                name: http-allowed
                steps:
                  - {id: first, function: http-first}
                  - {id: remote, http: "http://127.0.0.1:%d/function/http-target", after: first}
                """.formatted(port));

        EntityExchangeResult<byte[]> result = api.run("/pipeline/http-allowed", "{\"k\":1}")
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();

        JsonNode output = PipelineApi.parse(new String(result.getResponseBodyContent()));
        String runId = result.getResponseHeaders().getFirst("X-Run-Id");
        assertThat(output.get("tag").asString()).isEqualTo("target");
        assertThat(output.get("step").asString()).isEqualTo("remote");
        assertThat(output.get("run").asString()).isEqualTo(runId);
        assertThat(output.get("task").asString()).isEqualTo(runId);
        assertThat(output.get("input").get("tag").asString()).isEqualTo("first");
    }

    @Test
    void refusesAHostThatIsNotOnTheAllowList() {
        String definition = """
                name: http-refused
                steps:
                  - {id: a, http: "http://localhost:%d/function/x"}
                  - {id: b, http: "https://example.com/merge", after: a}
                """.formatted(port);

        JsonNode problem = PipelineApi.json(api.put("http-refused", PipelineApi.YAML, definition), 400);

        assertThat(PipelineDefinitionsIT.texts(problem.get("violations"), "message"))
                .containsExactly(
                        "steps[0] (a).http: http://localhost:%d/function/x (expected: a host in".formatted(port)
                                + " edgeway.pipelines.http-allowed-hosts [127.0.0.1])",
                        "steps[1] (b).http: https://example.com/merge (expected: a host in"
                                + " edgeway.pipelines.http-allowed-hosts [127.0.0.1])");
    }
}
