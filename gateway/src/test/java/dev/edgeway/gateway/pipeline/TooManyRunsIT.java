package dev.edgeway.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.pipeline.run.RunExecutors;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.storage.task.TaskId;
import dev.edgeway.storage.task.TaskService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * A background run that finds every place of the background queue taken answers 503
 * {@code too-many-runs} with {@code Retry-After}, and leaves no task behind: the place is taken
 * before the run is created. The places are taken through the gateway's own executors, as
 * queued runs take them.
 */
@GatewayIT
class TooManyRunsIT {

    private static final String ONE_STEP = """
            name: crowded
            steps:
              - id: only
                function: crowded-step
            """;

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @Autowired
    RunExecutors executors;

    @Autowired
    TaskService tasks;

    PipelineApi api;

    @BeforeEach
    void setUp() {
        api = new PipelineApi(client, credentials);
        api.deployStep("crowded-step", "--tag only");
        api.define("crowded", ONE_STEP);
    }

    @Test
    void refusesABackgroundRunWhenTheQueueIsFullAndCreatesNoTask() {
        List<RunExecutors.Place> taken = new ArrayList<>();
        try {
            while (true) {
                taken.add(executors.backgroundPlace());
            }
        } catch (RuntimeException full) {
            // every place is taken: the answer below says how the gateway tells a caller
        }
        try {
            WebTestClient.ResponseSpec refused = api.run("/pipeline/crowded?async=true", "{}");
            refused.expectHeader().exists("Retry-After");
            JsonNode problem = PipelineApi.json(refused, 503);
            assertThat(problem.get("type").asString())
                    .isEqualTo("https://edgeway.dev/problems/pipelines/too-many-runs");
            assertThat(runsOf("crowded")).isZero();
        } finally {
            taken.forEach(RunExecutors.Place::close);
        }

        JsonNode accepted = PipelineApi.json(api.run("/pipeline/crowded?async=true", "{}"), 202);
        assertThat(accepted.get("status").asString()).isEqualTo("queued");
        assertThat(runsOf("crowded")).isEqualTo(1);
    }

    private long runsOf(String pipeline) {
        return tasks.ids().stream()
                .map(id -> tasks.find(new TaskId(id)))
                .flatMap(Optional::stream)
                .filter(task -> task.task().functionName().equals(pipeline))
                .count();
    }
}
