package dev.edgeway.storage.web;

import static dev.edgeway.storage.support.StorageRequests.createTask;
import static dev.edgeway.storage.support.StorageRequests.newTaskId;
import static dev.edgeway.storage.support.StorageRequests.putJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.storage.support.StorageIT;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@StorageIT
class VariableApiIT {

    @Autowired
    WebTestClient client;

    @Test
    void storesWithTheSketchPostAndReadsItBack() {
        String task = createTask(client);

        client.post()
                .uri("/system/storage/variables")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"task_id\":\"" + task + "\",\"var_name\":\"df\",\"var_type\":\"dataframe\","
                        + "\"value\":{\"a\":[1,2.5,\"x\"]},\"ttl\":\"1h\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueMatches("ETag", "\"\\d+\"")
                .expectBody()
                .json("{\"status\":\"stored\"}", true);

        client.get()
                .uri("/system/storage/variables/{t}/df", task)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.task_id")
                .isEqualTo(task)
                .jsonPath("$.var_name")
                .isEqualTo("df")
                .jsonPath("$.var_type")
                .isEqualTo("dataframe")
                .jsonPath("$.value.a[1]")
                .isEqualTo(2.5)
                .jsonPath("$.format")
                .isEqualTo("json")
                .jsonPath("$.timestamp")
                .isNotEmpty()
                .jsonPath("$.expires_at")
                .isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"text with \\\"quotes\\\" and ü\"",
                "42",
                "-3.5e2",
                "true",
                "null",
                "[1,\"x\",{\"k\":null}]",
                "{\"nested\":{\"deep\":[]}}"
            })
    void storesAnyJsonValueAsItIs(String json) {
        String task = createTask(client);
        putJson(client, task, "v", json);

        client.get()
                .uri("/system/storage/variables/{t}/v", task)
                .exchange()
                .expectBody()
                .json("{\"value\":" + json + "}");
    }

    @Test
    void createsWithPutThenReplacesAndEveryWriteHasANewEtag() {
        String task = createTask(client);
        String first = client.put()
                .uri("/system/storage/variables/{t}/n", task)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"value\":1}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(String.class)
                .returnResult()
                .getResponseHeaders()
                .getETag();
        String second = client.put()
                .uri("/system/storage/variables/{t}/n", task)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"value\":2}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseHeaders()
                .getETag();

        assertThat(second).isNotEqualTo(first);
        client.get()
                .uri("/system/storage/variables/{t}/n", task)
                .exchange()
                .expectHeader()
                .valueEquals("ETag", second);
    }

    @Test
    void rejectsStaleIfMatchWithPreconditionFailedAndChangesNothing() {
        String task = createTask(client);
        String stale = putJson(client, task, "n", "1");
        String current = putJson(client, task, "n", "2");

        client.put()
                .uri("/system/storage/variables/{t}/n", task)
                .contentType(MediaType.APPLICATION_JSON)
                .header("If-Match", stale)
                .bodyValue("{\"value\":3}")
                .exchange()
                .expectStatus()
                .isEqualTo(412)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://edgeway.dev/problems/storage/precondition-failed")
                .jsonPath("$.current_revision")
                .isEqualTo(Long.parseLong(current.replace("\"", "")));

        client.get()
                .uri("/system/storage/variables/{t}/n", task)
                .exchange()
                .expectHeader()
                .valueEquals("ETag", current)
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo(2);
    }

    @Test
    void acceptsMatchingIfMatch() {
        String task = createTask(client);
        String etag = putJson(client, task, "n", "1");

        client.put()
                .uri("/system/storage/variables/{t}/n", task)
                .contentType(MediaType.APPLICATION_JSON)
                .header("If-Match", etag)
                .bodyValue("{\"value\":2}")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void ifNoneMatchStarCreatesOnly() {
        String task = createTask(client);
        for (int status : new int[] {201, 412}) {
            client.put()
                    .uri("/system/storage/variables/{t}/once", task)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("If-None-Match", "*")
                    .bodyValue("{\"value\":\"first\"}")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(status);
        }
    }

    @Test
    void ifMatchOnAnAbsentVariableFails() {
        String task = createTask(client);

        client.put()
                .uri("/system/storage/variables/{t}/none", task)
                .contentType(MediaType.APPLICATION_JSON)
                .header("If-Match", "\"1\"")
                .bodyValue("{\"value\":1}")
                .exchange()
                .expectStatus()
                .isEqualTo(412);
    }

    @Test
    void deletesAVariableAndItsNameInTheTask() {
        String task = createTask(client);
        putJson(client, task, "gone", "1");
        putJson(client, task, "kept", "2");

        client.delete()
                .uri("/system/storage/variables/{t}/gone", task)
                .exchange()
                .expectStatus()
                .isNoContent();

        client.get()
                .uri("/system/storage/variables/{t}/gone", task)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://edgeway.dev/problems/storage/variable-not-found")
                .jsonPath("$.var_name")
                .isEqualTo("gone");
        client.get()
                .uri("/system/storage/tasks/{t}", task)
                .exchange()
                .expectBody()
                .jsonPath("$.variables")
                .isEqualTo(List.of("kept"));
        client.delete()
                .uri("/system/storage/variables/{t}/gone", task)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void refusesDeleteWithStaleIfMatch() {
        String task = createTask(client);
        String stale = putJson(client, task, "n", "1");
        putJson(client, task, "n", "2");

        client.delete()
                .uri("/system/storage/variables/{t}/n", task)
                .header("If-Match", stale)
                .exchange()
                .expectStatus()
                .isEqualTo(412);
        client.get()
                .uri("/system/storage/variables/{t}/n", task)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void storingForAnUnknownTaskAnswersNotFoundAndStoresNothing() {
        String task = newTaskId();

        client.post()
                .uri("/system/storage/variables")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"task_id\":\"" + task + "\",\"var_name\":\"v\",\"value\":1}")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://edgeway.dev/problems/storage/task-not-found");

        client.post()
                .uri("/system/storage/tasks")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"task_id\":\"" + task + "\",\"function_name\":\"fn\"}")
                .exchange()
                .expectStatus()
                .isCreated();
        client.get()
                .uri("/system/storage/variables/{t}/v", task)
                .exchange()
                .expectStatus()
                .isNotFound();
        client.get()
                .uri("/system/storage/variables/{t}", task)
                .exchange()
                .expectBody()
                .jsonPath("$.variables")
                .isEmpty();
    }

    @Test
    void storesRawBytesAndAnswersThemAsTheyAre() {
        String task = createTask(client);
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }

        client.put()
                .uri("/system/storage/variables/{t}/raw?var_type=ndarray&ttl=60", task)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(bytes)
                .exchange()
                .expectStatus()
                .isCreated();

        client.get()
                .uri("/system/storage/variables/{t}/raw", task)
                .accept(MediaType.APPLICATION_OCTET_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .expectHeader()
                .valueEquals("X-Var-Type", "ndarray")
                .expectHeader()
                .exists("X-Expires-At")
                .expectBody(byte[].class)
                .isEqualTo(bytes);
        client.get()
                .uri("/system/storage/variables/{t}/raw", task)
                .exchange()
                .expectBody()
                .jsonPath("$.format")
                .isEqualTo("binary")
                .jsonPath("$.var_type")
                .isEqualTo("ndarray")
                .jsonPath("$.value")
                .isEqualTo(Base64.getEncoder().encodeToString(bytes));
    }

    @Test
    void storesBinaryFromABase64JsonValue() {
        String task = createTask(client);
        byte[] bytes = {0, 1, 2, (byte) 0xff};

        client.post()
                .uri("/system/storage/variables")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"task_id\":\"" + task + "\",\"var_name\":\"b\",\"format\":\"binary\",\"value\":\""
                        + Base64.getEncoder().encodeToString(bytes) + "\"}")
                .exchange()
                .expectStatus()
                .isCreated();

        client.get()
                .uri("/system/storage/variables/{t}/b", task)
                .accept(MediaType.APPLICATION_OCTET_STREAM)
                .exchange()
                .expectBody(byte[].class)
                .isEqualTo(bytes);
    }

    @Test
    void answersAJsonValueAsItsTextToABinaryRead() {
        String task = createTask(client);
        putJson(client, task, "j", "{\"k\":[1,2]}");

        client.get()
                .uri("/system/storage/variables/{t}/j", task)
                .accept(MediaType.APPLICATION_OCTET_STREAM)
                .exchange()
                .expectBody(String.class)
                .isEqualTo("{\"k\":[1,2]}");
    }

    @Test
    void rejectsInvalidVariableNamesNamingFieldValueAndRule() {
        String task = createTask(client);
        for (String name : new String[] {"a.b", "x".repeat(129), "sp ace"}) {
            client.put()
                    .uri("/system/storage/variables/{t}/{v}", task, name)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"value\":1}")
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.field")
                    .isEqualTo("var_name")
                    .jsonPath("$.value")
                    .isEqualTo(name)
                    .jsonPath("$.rule")
                    .isEqualTo("1 to 128 characters from A-Z a-z 0-9 _ -");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"soon\"", "\"-5s\"", "-5", "\"P1M\"", "\"200h\"", "[1]"})
    void rejectsBadTtls(String ttl) {
        String task = createTask(client);

        client.put()
                .uri("/system/storage/variables/{t}/v", task)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"value\":1,\"ttl\":" + ttl + "}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("ttl");
        client.get()
                .uri("/system/storage/variables/{t}/v", task)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void refusesABodyNamingAnotherVariableThanThePath() {
        String task = createTask(client);

        client.put()
                .uri("/system/storage/variables/{t}/v", task)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"var_name\":\"w\",\"value\":1}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("var_name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a;b", "a;", "a;b=c"})
    void rejectsMatrixParametersInANameInsteadOfStoringThePartBeforeThem(String name) {
        String task = createTask(client);

        client.put()
                .uri("/system/storage/variables/" + task + "/" + name)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"value\":1}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://edgeway.dev/problems/storage/invalid-request")
                .jsonPath("$.value")
                .isEqualTo(name);
        client.get()
                .uri("/system/storage/variables/{t}/a", task)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void rejectsMatrixParametersInATaskId() {
        String task = createTask(client);

        client.get()
                .uri("/system/storage/tasks/" + task + ";x")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @ParameterizedTest
    @ValueSource(strings = {"_run", "_input", "_anything"})
    void refusesToWriteOrDeleteANameReservedForTheGateway(String name) {
        String task = createTask(client);

        client.put()
                .uri("/system/storage/variables/{t}/{n}", task, name)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"value\":1}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://edgeway.dev/problems/storage/reserved-name")
                .jsonPath("$.var_name")
                .isEqualTo(name);
        client.post()
                .uri("/system/storage/variables")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"task_id\":\"" + task + "\",\"var_name\":\"" + name + "\",\"value\":1}")
                .exchange()
                .expectStatus()
                .isBadRequest();
        client.put()
                .uri("/system/storage/variables/{t}/{n}", task, name)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(new byte[] {1})
                .exchange()
                .expectStatus()
                .isBadRequest();
        client.delete()
                .uri("/system/storage/variables/{t}/{n}", task, name)
                .exchange()
                .expectStatus()
                .isBadRequest();
        client.get()
                .uri("/system/storage/variables/{t}/{n}", task, name)
                .exchange()
                .expectStatus()
                .isNotFound();
    }
}
