package dev.edgeway.sdk.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.sdk.support.StubGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TaskStateTest {

    @RegisterExtension
    final StubGateway gateway = new StubGateway();

    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private StateClient client;
    private TaskState task;

    @BeforeEach
    void client() {
        client = StateClient.builder()
                .environment(Map.of())
                .gatewayUrl(gateway.url())
                .basicAuth("admin", "secret")
                .pause(pauses::add)
                .build();
        task = client.task("t1");
    }

    @AfterEach
    void close() {
        client.close();
    }

    record Point(double t, double value) {}

    @Test
    void putsJsonWithTypeTtlAndBasicAuth() throws Exception {
        gateway.json(201, "{\"status\":\"stored\"}", "ETag", "\"7\"");

        long revision = task.put(
                "points",
                List.of(new Point(1, 2.5)),
                PutOptions.defaults().withTtl(Duration.ofMinutes(90)).withVarType("series"));

        assertThat(revision).isEqualTo(7);
        StubGateway.Received request = gateway.take();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.uri()).isEqualTo("/system/storage/variables/t1/points");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Authorization")).isEqualTo("Basic YWRtaW46c2VjcmV0");
        assertThat(request.header("If-Match")).isNull();
        assertThat(request.text())
                .isEqualTo("{\"value\":[{\"t\":1.0,\"value\":2.5}],\"var_type\":\"series\",\"ttl\":\"PT1H30M\"}");
    }

    @Test
    void sendsExpectedRevisionAsIfMatch() throws Exception {
        gateway.json(200, "{\"status\":\"stored\"}", "ETag", "\"8\"");

        task.put("count", 3, PutOptions.defaults().ifRevision(7));

        assertThat(gateway.take().header("If-Match")).isEqualTo("\"7\"");
    }

    @Test
    void sendsCreateOnlyAsIfNoneMatch() throws Exception {
        gateway.json(201, "{\"status\":\"stored\"}", "ETag", "\"1\"");

        task.put("count", 3, PutOptions.defaults().ifRevision(7).ifAbsent());

        StubGateway.Received request = gateway.take();
        assertThat(request.header("If-None-Match")).isEqualTo("*");
        assertThat(request.header("If-Match")).isNull();
    }

    @Test
    void readsTypedValueWithItsMetadata() {
        gateway.json(
                200,
                "{\"task_id\":\"t1\",\"var_name\":\"points\",\"var_type\":\"series\","
                        + "\"value\":[{\"t\":1,\"value\":2.5}],\"format\":\"json\","
                        + "\"timestamp\":\"2026-01-02T03:04:05Z\",\"expires_at\":\"2026-01-02T04:04:05Z\"}",
                "ETag",
                "\"12\"");

        StoredVariable<List<Point>> read =
                task.read("points", new TypeRef<List<Point>>() {}).orElseThrow();

        assertThat(read.value()).contains(List.of(new Point(1, 2.5)));
        assertThat(read.revision()).isEqualTo(12);
        assertThat(read.varType()).isEqualTo("series");
        assertThat(read.format()).isEqualTo(ValueFormat.JSON);
        assertThat(read.timestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(read.expiresAt()).contains(Instant.parse("2026-01-02T04:04:05Z"));
    }

    @Test
    void asksForJsonWhenReadingTypedValues() throws Exception {
        gateway.json(
                200,
                "{\"task_id\":\"t1\",\"var_name\":\"n\",\"value\":5,\"timestamp\":\"2026-01-02T03:04:05Z\"}",
                "ETag",
                "\"1\"");

        assertThat(task.get("n", Integer.class)).contains(5);
        StubGateway.Received request = gateway.take();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.header("Accept")).isEqualTo("application/json");
    }

    @Test
    void readsMissingVariableAsEmpty() {
        gateway.problem(404, "variable-not-found", "Variable not found", "variable x of task t1 does not exist");

        assertThat(task.get("x", String.class)).isEmpty();
    }

    @Test
    void readsVariableOfMissingTaskAsEmpty() {
        gateway.problem(404, "task-not-found", "Task not found", "task t1 does not exist");

        assertThat(task.getBytes("x")).isEmpty();
    }

    @Test
    void throwsOnA404ThatIsNotAboutTheVariable() {
        gateway.respond(404, "text/plain", "Not Found");

        assertThatThrownBy(() -> task.get("x", String.class))
                .isInstanceOf(StateNotFoundException.class)
                .hasMessageContaining("GET /system/storage/variables/t1/x: 404")
                .extracting(e -> ((StateException) e).type())
                .isEqualTo("about:blank");
    }

    @Test
    void throwsWhenTheValueDoesNotReadAsTheType() {
        gateway.json(
                200,
                "{\"task_id\":\"t1\",\"var_name\":\"n\",\"value\":\"abc\",\"timestamp\":\"2026-01-02T03:04:05Z\"}",
                "ETag",
                "\"1\"");

        assertThatThrownBy(() -> task.get("n", Integer.class))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("variable n: not a java.lang.Integer");
    }

    @Test
    void putsBytesAsOctetStreamWithTypeAndTtlInTheQuery() throws Exception {
        gateway.json(201, "{\"status\":\"stored\"}", "ETag", "\"3\"");

        long revision = task.putBytes(
                "blob",
                new byte[] {0, 1, 2, (byte) 255},
                PutOptions.defaults().withVarType("ndarray").withTtl(Duration.ofSeconds(30)));

        assertThat(revision).isEqualTo(3);
        StubGateway.Received request = gateway.take();
        assertThat(request.uri()).isEqualTo("/system/storage/variables/t1/blob?var_type=ndarray&ttl=PT30S");
        assertThat(request.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(request.body()).containsExactly(0, 1, 2, 255);
    }

    @Test
    void getsBytesAsOctetStream() throws Exception {
        gateway.respond(200, "application/octet-stream", "raw", "ETag", "\"4\"");

        assertThat(task.getBytes("blob"))
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo("raw".getBytes(StandardCharsets.UTF_8)));
        assertThat(gateway.take().header("Accept")).isEqualTo("application/octet-stream");
    }

    @Test
    void readsBinaryValueFromBase64WithItsRevision() {
        gateway.json(
                200,
                "{\"task_id\":\"t1\",\"var_name\":\"blob\",\"var_type\":\"bytes\",\"value\":\"AAEC/w==\","
                        + "\"format\":\"binary\",\"timestamp\":\"2026-01-02T03:04:05Z\"}",
                "ETag",
                "\"9\"");

        StoredVariable<byte[]> read = task.readBytes("blob").orElseThrow();

        assertThat(read.value()).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(0, 1, 2, 255));
        assertThat(read.format()).isEqualTo(ValueFormat.BINARY);
        assertThat(read.revision()).isEqualTo(9);
        assertThat(read.expiresAt()).isEmpty();
    }

    @Test
    void stalRevisionIsAConflictWithTheCurrentRevision() {
        gateway.problem(
                412,
                "precondition-failed",
                "Precondition failed",
                "variable t1/x: expected revision 3, is at 5",
                "current_revision",
                "5");

        assertThatThrownBy(() -> task.put("x", 1, PutOptions.defaults().ifRevision(3)))
                .isInstanceOfSatisfying(StateConflictException.class, e -> {
                    assertThat(e.status()).isEqualTo(412);
                    assertThat(e.isPreconditionFailed()).isTrue();
                    assertThat(e.currentRevision()).hasValue(5);
                    assertThat(e.type()).isEqualTo(StateConflictException.PRECONDITION_FAILED);
                    assertThat(e.detail()).isEqualTo("variable t1/x: expected revision 3, is at 5");
                });
    }

    @Test
    void unavailableStoreCarriesRetryAfter() {
        for (int i = 0; i < StateClient.ATTEMPTS_ON_UNAVAILABLE; i++) {
            gateway.problem(
                    503,
                    "storage-unavailable",
                    "State store unavailable",
                    "NATS is not reachable",
                    "header:Retry-After",
                    "5");
        }

        assertThatThrownBy(() -> task.put("x", 1)).isInstanceOfSatisfying(StateUnavailableException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
            assertThat(e.getMessage())
                    .isEqualTo(
                            "PUT /system/storage/variables/t1/x: 503 State store unavailable: NATS is not reachable");
        });
    }

    @Test
    void badRequestKeepsTheProblemsExtensions() {
        gateway.problem(
                400,
                "invalid-request",
                "Invalid request",
                "var_name: a b (expected: 1 to 128 characters from A-Z a-z 0-9 _ -)",
                "field",
                "\"var_name\"",
                "value",
                "\"a b\"");

        assertThatThrownBy(() -> task.put("a b", 1))
                .isExactlyInstanceOf(StateException.class)
                .satisfies(e -> {
                    StateException problem = (StateException) e;
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.extension("field")).contains("var_name");
                    assertThat(problem.extension("value")).contains("a b");
                    assertThat(problem.extension("rule")).isEmpty();
                });
    }

    @Test
    void unauthorizedNamesTheCredentialSettings() {
        gateway.respond(401, "text/plain; charset=utf-8", "Unauthorized", "WWW-Authenticate", "Basic");

        assertThatThrownBy(() -> task.metadata())
                .isExactlyInstanceOf(StateException.class)
                .hasMessageContaining("401")
                .hasMessageContaining("OPENFAAS_AUTH_USER");
    }

    @Test
    void createsTaskWithTheSketchBody() throws Exception {
        gateway.json(201, "{\"status\":\"created\"}", "ETag", "\"1\"");

        task.create("data-processing");

        StubGateway.Received request = gateway.take();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/system/storage/tasks");
        assertThat(request.text()).contains("\"task_id\":\"t1\"").contains("\"function_name\":\"data-processing\"");
    }

    @Test
    void createIfAbsentIsFalseWhenTheTaskExists() {
        gateway.problem(409, "task-exists", "Task exists", "task t1 exists");

        assertThat(task.createIfAbsent("f")).isFalse();
    }

    @Test
    void readsTaskMetadataWithItsRevision() {
        gateway.json(
                200,
                "{\"task_id\":\"t1\",\"function_name\":\"f\",\"status\":\"created\",\"variables\":[\"a\",\"b\"],"
                        + "\"created_at\":\"2026-01-02T03:04:05Z\",\"updated_at\":\"2026-01-02T03:04:06Z\"}",
                "ETag",
                "\"4\"");

        TaskMetadata metadata = task.metadata().orElseThrow();

        assertThat(metadata.variables()).containsExactly("a", "b");
        assertThat(metadata.revision()).isEqualTo(4);
        assertThat(metadata.functionName()).isEqualTo("f");
    }

    @Test
    void missingTaskHasNoMetadata() {
        gateway.problem(404, "task-not-found", "Task not found", "task t1 does not exist");

        assertThat(task.metadata()).isEmpty();
    }

    @Test
    void setsStatusWithExpectedRevision() throws Exception {
        gateway.json(
                200,
                "{\"task_id\":\"t1\",\"function_name\":\"f\",\"status\":\"done\",\"variables\":[],"
                        + "\"created_at\":\"2026-01-02T03:04:05Z\",\"updated_at\":\"2026-01-02T03:04:06Z\"}",
                "ETag",
                "\"5\"");

        TaskMetadata metadata = task.setStatus("done", 4);

        assertThat(metadata.status()).isEqualTo("done");
        StubGateway.Received request = gateway.take();
        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(request.header("If-Match")).isEqualTo("\"4\"");
        assertThat(request.text()).isEqualTo("{\"status\":\"done\"}");
    }

    @Test
    void deletesReportWhetherSomethingExisted() throws Exception {
        gateway.respond(204, null, "");
        gateway.problem(404, "task-not-found", "Task not found", "task t1 does not exist");
        gateway.problem(404, "variable-not-found", "Variable not found", "no x");

        assertThat(task.delete()).isTrue();
        assertThat(task.delete()).isFalse();
        assertThat(task.deleteVariable("x", 3)).isFalse();
        gateway.take();
        gateway.take();
        StubGateway.Received request = gateway.take();
        assertThat(request.method()).isEqualTo("DELETE");
        assertThat(request.uri()).isEqualTo("/system/storage/variables/t1/x");
        assertThat(request.header("If-Match")).isEqualTo("\"3\"");
    }

    @Test
    void listFollowsThePages() throws Exception {
        gateway.json(
                200,
                "{\"task_id\":\"t1\",\"variables\":[{\"var_name\":\"a\",\"var_type\":\"json\",\"format\":\"json\","
                        + "\"size\":3,\"timestamp\":\"2026-01-02T03:04:05Z\",\"revision\":2}],\"next\":\"a\"}");
        gateway.json(
                200,
                "{\"task_id\":\"t1\",\"variables\":[{\"var_name\":\"b\",\"var_type\":\"bytes\",\"format\":\"binary\","
                        + "\"size\":9,\"timestamp\":\"2026-01-02T03:04:05Z\","
                        + "\"expires_at\":\"2026-01-03T03:04:05Z\",\"revision\":3}]}");

        List<VariableInfo> all = task.list();

        assertThat(all).extracting(VariableInfo::name).containsExactly("a", "b");
        assertThat(all.get(1).format()).isEqualTo(ValueFormat.BINARY);
        assertThat(all.get(1).size()).isEqualTo(9);
        assertThat(all.get(1).expiresAt()).contains(Instant.parse("2026-01-03T03:04:05Z"));
        assertThat(gateway.take().uri()).isEqualTo("/system/storage/variables/t1?limit=1000");
        assertThat(gateway.take().uri()).isEqualTo("/system/storage/variables/t1?limit=1000&after=a");
    }

    @Test
    void updateRetriesFromTheReadWhenAnotherWriterWon() throws Exception {
        String stored = "{\"task_id\":\"t1\",\"var_name\":\"n\",\"value\":%d,\"timestamp\":\"2026-01-02T03:04:05Z\"}";
        gateway.json(200, stored.formatted(1), "ETag", "\"1\"");
        gateway.problem(412, "precondition-failed", "Precondition failed", "stale", "current_revision", "2");
        gateway.json(200, stored.formatted(5), "ETag", "\"2\"");
        gateway.json(200, "{\"status\":\"stored\"}", "ETag", "\"3\"");

        int result = task.update("n", Integer.class, 0, n -> n + 1);

        assertThat(result).isEqualTo(6);
        gateway.take();
        assertThat(gateway.take().header("If-Match")).isEqualTo("\"1\"");
        gateway.take();
        StubGateway.Received last = gateway.take();
        assertThat(last.header("If-Match")).isEqualTo("\"2\"");
        assertThat(last.text()).isEqualTo("{\"value\":6}");
    }

    @Test
    void updateCreatesOnlyWhenAbsent() throws Exception {
        gateway.problem(404, "variable-not-found", "Variable not found", "no n");
        gateway.json(201, "{\"status\":\"stored\"}", "ETag", "\"1\"");

        assertThat(task.update("n", Integer.class, 10, n -> n + 1)).isEqualTo(11);
        gateway.take();
        assertThat(gateway.take().header("If-None-Match")).isEqualTo("*");
    }

    @Test
    void encodesIdsAsSinglePathSegments() throws Exception {
        gateway.problem(400, "invalid-request", "Invalid request", "bad");

        assertThatThrownBy(() -> client.task("../x").get("a/b", String.class)).isInstanceOf(StateException.class);
        assertThat(gateway.take().uri()).isEqualTo("/system/storage/variables/%2E%2E%2Fx/a%2Fb");
    }

    @Test
    void refusesNullValues() {
        assertThatThrownBy(() -> task.put("x", null)).isInstanceOf(NullPointerException.class);
    }
}
