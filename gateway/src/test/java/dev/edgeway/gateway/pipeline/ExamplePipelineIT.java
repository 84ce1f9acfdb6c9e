package dev.edgeway.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.TestFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The example edge pipeline of {@code examples/pipelines/edge-recognition} runs as documented. */
@GatewayIT
class ExamplePipelineIT {

    private static final Path EXAMPLE =
            Path.of("../examples/pipelines/edge-recognition").toAbsolutePath().normalize();

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @Test
    void recognizesInTwoBranchesAndMergesTheirDetections() throws IOException {
        PipelineApi api = new PipelineApi(client, credentials);
        for (String function : new String[] {"evaluate", "recognize", "merge"}) {
            api.system().remove("edge-" + function);
            api.system()
                    .deploy(TestFunctions.classic(
                            "edge-" + function,
                            "python3 " + EXAMPLE.resolve(function + ".py"),
                            "{\"combine_output\":\"false\"}"));
        }
        api.define("edge-recognition", Files.readString(EXAMPLE.resolve("pipeline.yaml")));
        byte[] frame = new byte[4096];
        new Random(42).nextBytes(frame);

        EntityExchangeResult<byte[]> result = client.post()
                .uri("/pipeline/edge-recognition")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(frame)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();

        JsonNode merged = PipelineApi.parse(new String(result.getResponseBodyContent()));
        assertThat(merged.get("run_id").asString())
                .isEqualTo(result.getResponseHeaders().getFirst("X-Run-Id"));
        assertThat(merged.get("branches").toString()).isEqualTo("[\"recognize-faces\",\"recognize-plates\"]");
        JsonNode shown = PipelineApi.json(api.get("/system/pipelines/edge-recognition"), 200);
        assertThat(PipelineDefinitionsIT.ids(shown.get("chain")))
                .containsExactly("evaluate", "recognize-faces", "recognize-plates", "merge");
    }
}
