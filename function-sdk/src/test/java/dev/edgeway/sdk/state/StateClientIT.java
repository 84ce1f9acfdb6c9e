package dev.edgeway.sdk.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.edgeway.sdk.Request;
import dev.edgeway.sdk.support.PackagedGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Java client against the real gateway with its real state store. */
class StateClientIT {

    @RegisterExtension
    static final PackagedGateway gateway = new PackagedGateway();

    private StateClient client;
    private TaskState task;

    record Reading(String sensor, double value, List<Integer> flags) {}

    @BeforeEach
    void newTask() {
        client = gateway.stateClient();
        task = client.createTask("it-" + UUID.randomUUID(), "state-client-it");
    }

    @AfterEach
    void close() {
        task.delete();
        client.close();
    }

    @Test
    void roundTripsTypedValues() {
        Reading reading = new Reading("t-1", 21.5, List.of(1, 2));

        long revision = task.put("reading", reading, PutOptions.defaults().withVarType("reading"));
        StoredVariable<Reading> read = task.read("reading", Reading.class).orElseThrow();

        assertThat(read.value()).contains(reading);
        assertThat(read.revision()).isEqualTo(revision);
        assertThat(read.varType()).isEqualTo("reading");
        assertThat(read.format()).isEqualTo(ValueFormat.JSON);
        assertThat(task.get("reading", new TypeRef<Map<String, Object>>() {}))
                .hasValueSatisfying(map -> assertThat(map).containsEntry("sensor", "t-1"));
    }

    @Test
    void roundTripsEveryByteValue() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }

        task.putBytes("blob", bytes, PutOptions.defaults().withVarType("raw"));

        assertThat(task.getBytes("blob")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
        StoredVariable<byte[]> read = task.readBytes("blob").orElseThrow();
        assertThat(read.value()).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
        assertThat(read.format()).isEqualTo(ValueFormat.BINARY);
        assertThat(read.varType()).isEqualTo("raw");
    }

    @Test
    void absentVariableReadsEmpty() {
        assertThat(task.get("nothing", String.class)).isEmpty();
        assertThat(task.getBytes("nothing")).isEmpty();
        assertThat(client.task("no-such-task-" + UUID.randomUUID()).metadata()).isEmpty();
    }

    @Test
    void ttlSetsTheExpiryAndTheValueExpires() {
        task.put("short", "soon gone", PutOptions.defaults().withTtl(Duration.ofSeconds(1)));

        assertThat(task.read("short", String.class).orElseThrow().expiresAt())
                .hasValueSatisfying(at -> assertThat(at).isBefore(Instant.now().plusSeconds(5)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> task.get("short", String.class).isEmpty());
    }

    @Test
    void staleRevisionIsRefusedAndChangesNothing() {
        long first = task.put("counter", 1);
        task.put("counter", 2, PutOptions.defaults().ifRevision(first));

        assertThatThrownBy(() -> task.put("counter", 3, PutOptions.defaults().ifRevision(first)))
                .isInstanceOfSatisfying(StateConflictException.class, e -> {
                    assertThat(e.isPreconditionFailed()).isTrue();
                    assertThat(e.currentRevision()).isPresent();
                });
        assertThat(task.get("counter", Integer.class)).contains(2);
    }

    @Test
    void createOnlyWriteRefusesAnExistingValue() {
        task.put("once", "first", PutOptions.defaults().ifAbsent());

        assertThatThrownBy(
                        () -> task.put("once", "second", PutOptions.defaults().ifAbsent()))
                .isInstanceOf(StateConflictException.class);
        assertThat(task.get("once", String.class)).contains("first");
    }

    @Test
    void concurrentUpdatesLoseNoIncrement() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                writers.add(pool.submit(
                        () -> IntStream.range(0, 25).forEach(i -> task.update("count", Integer.class, 0, n -> n + 1))));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        }

        assertThat(task.get("count", Integer.class)).contains(100);
    }

    @Test
    void listsVariablesPageByPage() {
        for (String name : List.of("a", "b", "c", "d", "e")) {
            task.put(name, name);
        }

        VariablePage first = task.listPage(2);
        VariablePage second = task.listPage(2, first.next().orElseThrow());

        assertThat(first.variables()).extracting(VariableInfo::name).containsExactly("a", "b");
        assertThat(second.variables()).extracting(VariableInfo::name).containsExactly("c", "d");
        assertThat(task.list()).extracting(VariableInfo::name).containsExactly("a", "b", "c", "d", "e");
        assertThat(task.metadata().orElseThrow().variables()).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void deletesVariablesAndTasks() {
        long revision = task.put("gone", 1);

        assertThatThrownBy(() -> task.deleteVariable("gone", revision + 100))
                .isInstanceOf(StateConflictException.class);
        assertThat(task.deleteVariable("gone", revision)).isTrue();
        assertThat(task.deleteVariable("gone")).isFalse();

        TaskState other = client.createTask("it-" + UUID.randomUUID(), "f");
        other.put("x", 1);
        assertThat(other.delete()).isTrue();
        assertThat(other.metadata()).isEmpty();
        assertThat(other.get("x", Integer.class)).isEmpty();
    }

    @Test
    void setsTheStatusWithTheMetadataRevision() {
        TaskMetadata created = task.metadata().orElseThrow();
        assertThat(created.status()).isEqualTo("created");
        assertThat(created.functionName()).isEqualTo("state-client-it");

        TaskMetadata done = task.setStatus("done", created.revision());

        assertThat(done.status()).isEqualTo("done");
        assertThatThrownBy(() -> task.setStatus("again", created.revision()))
                .isInstanceOf(StateConflictException.class);
    }

    @Test
    void reportsTheServersProblems() {
        assertThatThrownBy(() -> task.put("bad name", 1)).isInstanceOfSatisfying(StateException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo(StateException.TYPE_PREFIX + "invalid-request");
            assertThat(e.extension("field")).contains("var_name");
        });
        assertThatThrownBy(() -> client.task("missing-" + UUID.randomUUID()).put("x", 1))
                .isInstanceOfSatisfying(StateNotFoundException.class, e -> assertThat(e.isTaskNotFound())
                        .isTrue());
        assertThatThrownBy(() -> client.createTask(task.taskId(), "again"))
                .isInstanceOfSatisfying(StateConflictException.class, e -> assertThat(e.isTaskExists())
                        .isTrue());
        assertThat(task.createIfAbsent("again")).isFalse();
    }

    @Test
    void wrongCredentialsAre401() {
        try (StateClient wrong = StateClient.builder()
                .environment(Map.of())
                .gatewayUrl(gateway.url())
                .basicAuth(gateway.user(), "wrong")
                .build()) {
            assertThatThrownBy(() -> wrong.task(task.taskId()).metadata())
                    .isInstanceOfSatisfying(
                            StateException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
    }

    @Test
    void takesTheTaskFromTheRequest() {
        Request request = Request.of("POST", "/", "", Map.of("X-Task-ID", List.of(task.taskId())), new byte[0]);

        client.task(request).put("from-request", true);

        assertThat(task.get("from-request", Boolean.class)).contains(true);
    }
}
