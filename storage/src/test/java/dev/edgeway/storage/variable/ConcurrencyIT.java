package dev.edgeway.storage.variable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.storage.support.HttpStorageClient;
import dev.edgeway.storage.support.StorageIT;
import dev.edgeway.storage.support.StorageRequests;
import dev.edgeway.storage.task.Precondition;
import dev.edgeway.storage.task.PreconditionFailedException;
import dev.edgeway.storage.task.TaskId;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@StorageIT
class ConcurrencyIT {

    private static final int WRITERS = 16;

    @LocalServerPort
    int port;

    HttpStorageClient http;

    @Autowired
    VariableService variables;

    @BeforeEach
    void client() {
        http = new HttpStorageClient(port);
    }

    /**
     * At the service level, where the HTTP API's If-Match lands ({@code Precondition.revision}),
     * so 16 x 500 read-modify-writes stay fast on a loaded machine; the HTTP mapping of
     * {@code ETag}/{@code If-Match}/412 is pinned in {@code VariableApiIT}.
     */
    @Test
    void sixteenWritersIncrementingWithIfMatchEndAtExactly8000() throws Exception {
        TaskId task = TaskId.parse(createTask());
        VariableName counter = new VariableName("counter");
        variables.put(write(task, counter, 0, Precondition.NONE));
        AtomicInteger conflicts = new AtomicInteger();

        runConcurrently(writer -> {
            int done = 0;
            int lostInARow = 0;
            while (done < 500) {
                Variable current = variables.find(task, counter).orElseThrow();
                long next = Long.parseLong(new String(current.value(), StandardCharsets.UTF_8)) + 1;
                try {
                    variables.put(write(task, counter, next, Precondition.revision(current.revision())));
                    done++;
                    lostInARow = 0;
                } catch (PreconditionFailedException e) {
                    conflicts.incrementAndGet();
                    long ceiling = Math.min(8_000_000L, 250_000L << Math.min(++lostInARow, 5));
                    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(ceiling));
                }
            }
        });

        Variable result = variables.find(task, counter).orElseThrow();
        assertThat(new String(result.value(), StandardCharsets.UTF_8)).isEqualTo("8000");
        assertThat(conflicts.get()).as("the writers did race").isPositive();
    }

    private static VariableWrite write(TaskId task, VariableName name, long value, Precondition precondition) {
        return new VariableWrite(
                task,
                name,
                "json",
                ValueFormat.JSON,
                Long.toString(value).getBytes(StandardCharsets.UTF_8),
                null,
                precondition);
    }

    @Test
    void taskMetadataStaysConsistentUnderConcurrentVariableWrites() throws Exception {
        String task = createTask();
        List<String> expected = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            for (int i = 0; i < 20; i += 2) {
                expected.add("w" + writer + "_" + i);
            }
        }

        runConcurrently(writer -> {
            for (int i = 0; i < 20; i++) {
                String path = "/variables/" + task + "/w" + writer + "_" + i;
                expectStatus(http.putJson(path, "{\"value\":" + i + "}", Map.of()), 201);
                if (i % 2 == 1) {
                    expectStatus(http.delete(path), 204);
                }
            }
        });

        String metadata = http.get("/tasks/" + task).body();
        assertThat(names(metadata)).containsExactlyElementsOf(new TreeSet<>(expected));
        String listing = http.get("/variables/" + task + "?limit=1000").body();
        assertThat(names(listing)).containsExactlyElementsOf(new TreeSet<>(expected));
    }

    private static void expectStatus(HttpResponse<String> response, int status) {
        assertThat(response.statusCode() + " " + response.body()).startsWith(status + " ");
    }

    private String createTask() {
        String id = StorageRequests.newTaskId();
        assertThat(http.postJson("/tasks", "{\"task_id\":\"" + id + "\",\"function_name\":\"fn\"}")
                        .statusCode())
                .isEqualTo(201);
        return id;
    }

    private static List<String> names(String json) {
        Matcher m = Pattern.compile("\"(w\\d+_\\d+)\"").matcher(json);
        TreeSet<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return List.copyOf(names);
    }

    private interface Writer {
        void run(int writer) throws Exception;
    }

    private static void runConcurrently(Writer writer) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                int id = i;
                futures.add(pool.submit(() -> {
                    writer.run(id);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
    }
}
