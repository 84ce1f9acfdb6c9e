package dev.edgeway.storage.variable;

import static dev.edgeway.storage.support.StorageRequests.createTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.storage.config.StorageProperties;
import dev.edgeway.storage.kv.KeyValueBuckets;
import dev.edgeway.storage.nats.LargeValueSpill;
import dev.edgeway.storage.support.StorageIT;
import dev.edgeway.storage.task.Task;
import dev.edgeway.storage.task.TaskId;
import dev.edgeway.storage.task.TaskService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@StorageIT
class TtlIT {

    @Autowired
    WebTestClient client;

    @Autowired
    KeyValueBuckets buckets;

    @Autowired
    StorageProperties storage;

    @Autowired
    LargeValueSpill spill;

    @Autowired
    TaskService tasks;

    @Autowired
    VariableService variables;

    @Test
    void expiredVariableReadsAsNotFoundAndTheSweeperPurgesIt() {
        String task = createTask(client);
        put(task, "short", "{\"value\":1,\"ttl\":\"1s\"}");
        put(task, "kept", "{\"value\":2}");
        client.get()
                .uri("/system/storage/variables/{t}/short", task)
                .exchange()
                .expectStatus()
                .isOk();

        await().atMost(Duration.ofSeconds(5)).until(() -> status(task, "short") == 404);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> buckets.bucket(storage.variableBucket())
                                .get(task + ".short")
                                .isEmpty()
                        && !buckets.bucket(storage.variableBucket())
                                .expiries(task)
                                .containsKey(task + ".short"));
        client.get()
                .uri("/system/storage/tasks/{t}", task)
                .exchange()
                .expectBody()
                .jsonPath("$.variables")
                .isEqualTo(List.of("kept"));
        client.get()
                .uri("/system/storage/variables/{t}", task)
                .exchange()
                .expectBody()
                .jsonPath("$.variables[*].var_name")
                .isEqualTo(List.of("kept"));
    }

    @Test
    void aTaskNoLongerListsAVariableOnceItHasExpiredBeforeTheSweeperRemovesIt() {
        String task = createTask(client);
        put(task, "soon", "{\"value\":1,\"ttl\":\"1m\"}");
        put(task, "kept", "{\"value\":2}");
        // The service of a reader an hour ahead: the variable has expired for it, while the
        // sweeper (on the real clock) has not removed it from the task.
        VariableService anHourLater = new VariableService(
                buckets.bucket(storage.variableBucket()),
                spill,
                tasks,
                limits(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));

        Task stored = tasks.find(TaskId.parse(task)).orElseThrow().task();

        assertThat(stored.variables()).containsExactly("kept", "soon");
        assertThat(anHourLater.withoutExpired(stored).variables()).containsExactly("kept");
        assertThat(variables.withoutExpired(stored).variables()).containsExactly("kept", "soon");
    }

    private static VariableService.Limits limits() {
        return new VariableService.Limits(1 << 20, 1 << 19, Duration.ofDays(7), 5);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"90s\" | PT1M30S",
                "\"1h30m\" | PT1H30M",
                "\"250ms\" | PT0.25S",
                "\"PT1H\" | PT1H",
                "\"P1D\" | PT24H",
                "3600 | PT1H",
                "\"3600\" | PT1H",
                "1.5 | PT1.5S"
            })
    void acceptsGoDurationsIsoDurationsAndSeconds(String ttl, Duration expected) {
        String task = createTask(client);
        put(task, "v", "{\"value\":1,\"ttl\":" + ttl + "}");

        Map<?, ?> body = client.get()
                .uri("/system/storage/variables/{t}/v", task)
                .exchange()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Instant timestamp = Instant.parse((String) body.get("timestamp"));
        Instant expiresAt = Instant.parse((String) body.get("expires_at"));
        assertThat(Duration.between(timestamp, expiresAt)).isEqualTo(expected);
    }

    @Test
    void aNewWriteSetsANewExpiry() {
        String task = createTask(client);
        put(task, "v", "{\"value\":1,\"ttl\":\"1s\"}");
        put(task, "v", "{\"value\":2}");

        client.get()
                .uri("/system/storage/variables/{t}/v", task)
                .exchange()
                .expectBody()
                .jsonPath("$.expires_at")
                .doesNotExist();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> status(task, "v") == 200);
    }

    @Test
    void rewritingAnExpiredVariableCreatesItAgain() {
        String task = createTask(client);
        put(task, "v", "{\"value\":1,\"ttl\":\"200ms\"}");
        await().atMost(Duration.ofSeconds(3)).until(() -> status(task, "v") == 404);

        client.put()
                .uri("/system/storage/variables/{t}/v", task)
                .contentType(MediaType.APPLICATION_JSON)
                .header("If-None-Match", "*")
                .bodyValue("{\"value\":2}")
                .exchange()
                .expectStatus()
                .isCreated();
        client.get()
                .uri("/system/storage/tasks/{t}", task)
                .exchange()
                .expectBody()
                .jsonPath("$.variables")
                .isEqualTo(List.of("v"));
    }

    @Test
    void zeroTtlMeansNoExpiry() {
        String task = createTask(client);
        put(task, "v", "{\"value\":1,\"ttl\":0}");

        client.get()
                .uri("/system/storage/variables/{t}/v", task)
                .exchange()
                .expectBody()
                .jsonPath("$.expires_at")
                .doesNotExist();
    }

    private void put(String task, String name, String body) {
        client.put()
                .uri("/system/storage/variables/{t}/{v}", task, name)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .is2xxSuccessful();
    }

    private int status(String task, String name) {
        return client.get()
                .uri("/system/storage/variables/{t}/{v}", task, name)
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getStatus()
                .value();
    }
}
