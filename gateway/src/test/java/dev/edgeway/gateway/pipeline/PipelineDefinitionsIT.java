package dev.edgeway.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** {@code PUT/GET/DELETE /system/pipelines}: definitions kept in NATS key-value, every violation reported. */
@GatewayIT
class PipelineDefinitionsIT {

    static final String DIAMOND = """
            name: %s
            input: a JPEG frame
            steps:
              - id: evaluate
                function: evaluate
              - id: recognize-faces
                function: recognize
                after: evaluate
                priority: 1
                config: {model: faces}
              - id: recognize-plates
                function: recognize
                after: [evaluate]
              - id: merge
                function: merge
                after: [recognize-faces, recognize-plates]
            """;

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    PipelineApi api;

    @BeforeEach
    void setUp() {
        api = new PipelineApi(client, credentials);
    }

    @Test
    void answersTheChainOfANewPipelineWithCreated() {
        JsonNode chain = PipelineApi.json(api.put("def-new", PipelineApi.YAML, DIAMOND.formatted("def-new")), 201);

        assertThat(ids(chain.get("chain"))).containsExactly("evaluate", "recognize-faces", "recognize-plates", "merge");
        assertThat(chain.get("chain").get(3).get("after").toString())
                .isEqualTo("[\"recognize-faces\",\"recognize-plates\"]");
        assertThat(chain.get("explanation").get(1).asString())
                .isEqualTo("2. recognize-faces: after its last parent evaluate;"
                        + " tie with recognize-plates broken by priority (1 > 0)");
    }

    @Test
    void showsTheDefinitionAsSentWithItsChainAndMermaidPictures() {
        api.define("def-show", DIAMOND.formatted("def-show"));

        JsonNode shown = PipelineApi.json(api.get("/system/pipelines/def-show"), 200);

        assertThat(shown.get("definition").asString()).isEqualTo(DIAMOND.formatted("def-show"));
        assertThat(shown.get("format").asString()).isEqualTo("yaml");
        assertThat(shown.get("chain").size()).isEqualTo(4);
        assertThat(shown.get("mermaid").get("dag").asString())
                .startsWith("flowchart TD\n")
                .contains("s0 --> s1", "s2 --> s3");
        assertThat(shown.get("mermaid").get("chain").asString())
                .startsWith("flowchart LR\n")
                .contains("c2 --> c3");
    }

    @Test
    void replacesAPipelineAndListsIt() {
        api.define("def-replace", DIAMOND.formatted("def-replace"));
        String shorter = """
                {"name": "def-replace", "steps": [{"id": "only", "function": "echo"}]}""";

        JsonNode replaced = PipelineApi.json(api.put("def-replace", MediaType.APPLICATION_JSON, shorter), 200);
        JsonNode list = PipelineApi.json(api.get("/system/pipelines"), 200);

        assertThat(ids(replaced.get("chain"))).containsExactly("only");
        JsonNode line = find(list, "def-replace");
        assertThat(line.get("steps").asInt()).isEqualTo(1);
        assertThat(line.get("revision").asLong())
                .isEqualTo(replaced.get("revision").asLong());
    }

    @Test
    void deletesAPipelineThenAnswersNotFound() {
        api.define("def-delete", DIAMOND.formatted("def-delete"));

        api.delete("def-delete").expectStatus().isNoContent();

        JsonNode problem = PipelineApi.json(api.get("/system/pipelines/def-delete"), 404);
        assertThat(problem.get("type").asString())
                .isEqualTo("https://edgeway.dev/problems/pipelines/pipeline-not-found");
        PipelineApi.json(api.delete("def-delete"), 404);
    }

    @Test
    void refusesAnInvalidDefinitionWithEveryViolationAndKeepsNothing() {
        String invalid = """
                name: other-name
                steps:
                  - id: a
                    function: Bad_Function
                    after: [c]
                  - id: b
                    function: ok
                    after: [a, ghost]
                    timeout: 0s
                  - id: c
                    function: ok
                    after: [b]
                  - id: b
                    http: http://example.com/merge
                """;

        WebTestClient.ResponseSpec response = api.put("def-invalid", PipelineApi.YAML, invalid);

        response.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = PipelineApi.json(response, 400);
        assertThat(problem.get("type").asString())
                .isEqualTo("https://edgeway.dev/problems/pipelines/invalid-definition");
        List<String> messages = texts(problem.get("violations"), "message");
        assertThat(messages)
                .contains(
                        "name: other-name (expected: the name in the path, def-invalid)",
                        "steps[1] (b).after: ghost (expected: the id of a step in this pipeline)",
                        "steps[1] (b).timeout: PT0S (expected: > 0)",
                        "steps[3].id: b (expected: unique, already used by steps[1])",
                        "cycle: a -> b -> c -> a (expected: no cycle)")
                .anyMatch(m -> m.startsWith("steps[0] (a).function: Bad_Function (expected: a DNS-1123 label"))
                .anyMatch(m -> m.startsWith("steps[3] (b).http: http://example.com/merge (expected: a host in"
                        + " edgeway.pipelines.http-allowed-hosts"));
        assertThat(texts(problem.get("violations"), "kind"))
                .contains("invalid-name", "unknown-step", "invalid-timeout", "duplicate-step", "cycle", "invalid-url");
        PipelineApi.json(api.get("/system/pipelines/def-invalid"), 404);
    }

    @Test
    void locatesASyntaxErrorByLineAndColumn() {
        JsonNode problem = PipelineApi.json(api.put("def-syntax", PipelineApi.YAML, "name: x\nsteps: [\n  - a\n"), 400);

        JsonNode violation = problem.get("violations").get(0);
        assertThat(violation.get("kind").asString()).isEqualTo("malformed");
        assertThat(violation.get("location").asString()).startsWith("line ");
    }

    @Test
    void refusesUnauthenticatedCallsWithAProblem() {
        client.get()
                .uri("/system/pipelines")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refusesAnInvalidPipelineName() {
        JsonNode problem = PipelineApi.json(api.get("/system/pipelines/Bad_Name"), 400);

        assertThat(problem.get("type").asString())
                .isEqualTo("https://edgeway.dev/problems/pipelines/invalid-pipeline-name");
        assertThat(problem.get("detail").asString()).startsWith("name: Bad_Name (expected: a DNS-1123 label");
    }

    @Test
    void refusesAnUnsupportedContentType() {
        JsonNode problem = PipelineApi.json(api.put("def-xml", MediaType.APPLICATION_XML, "<pipeline/>"), 415);

        assertThat(problem.get("type").asString())
                .isEqualTo("https://edgeway.dev/problems/pipelines/unsupported-media-type");
    }

    @Test
    void answersAnotherMethodWithMethodNotAllowed() {
        WebTestClient.ResponseSpec response = client.patch()
                .uri("/system/pipelines/some-name")
                .header(HttpHeaders.AUTHORIZATION, credentials.header())
                .exchange();

        response.expectHeader().valueEquals(HttpHeaders.ALLOW, "DELETE, GET, PUT");
        JsonNode problem = PipelineApi.json(response, 405);
        assertThat(problem.get("type").asString())
                .isEqualTo("https://edgeway.dev/problems/pipelines/method-not-allowed");
    }

    @Test
    void answersAnUnknownSubPathWithAProblem() {
        JsonNode problem = PipelineApi.json(api.get("/system/pipelines/a/b/c/d/e"), 404);

        assertThat(problem.get("type").asString()).isEqualTo("https://edgeway.dev/problems/pipelines/not-found");
    }

    static List<String> ids(JsonNode chain) {
        return texts(chain, "id");
    }

    static List<String> texts(JsonNode array, String field) {
        return array.valueStream().map(node -> node.get(field).asString()).toList();
    }

    private static JsonNode find(JsonNode list, String name) {
        return list.valueStream()
                .filter(node -> node.get("name").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + list));
    }
}
