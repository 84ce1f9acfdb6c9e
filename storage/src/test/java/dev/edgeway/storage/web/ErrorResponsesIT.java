package dev.edgeway.storage.web;

import static dev.edgeway.storage.support.StorageRequests.createTask;

import dev.edgeway.storage.support.StorageIT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@StorageIT
class ErrorResponsesIT {

    private static final String TYPES = "https://edgeway.dev/problems/storage/";

    @Autowired
    WebTestClient client;

    @ParameterizedTest
    @ValueSource(
            strings = {"/system/storage", "/system/storage/", "/system/storage/nope", "/system/storage/tasks/a/b/c"})
    void answersUnknownPathsWithNotFoundProblem(String path) {
        client.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(TYPES + "not-found")
                .jsonPath("$.instance")
                .isEqualTo(path);
    }

    @Test
    void answersWrongMethodsWithMethodNotAllowedProblemAndAllow() {
        client.put()
                .uri("/system/storage/tasks")
                .exchange()
                .expectStatus()
                .isEqualTo(405)
                .expectHeader()
                .valueEquals("Allow", "POST")
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(TYPES + "method-not-allowed");
        client.method(HttpMethod.POST)
                .uri("/system/storage/variables/t/v")
                .exchange()
                .expectStatus()
                .isEqualTo(405)
                .expectHeader()
                .valueEquals("Allow", "DELETE, GET, PUT");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"task_id\": ",
                "",
                "{\"task_id\":\"a\",\"task_id\":\"b\",\"function_name\":\"f\"}",
                "{\"task_id\":\"a\",\"function_name\":\"f\"} trailing"
            })
    void answersMalformedJsonWithBadRequest(String body) {
        client.post()
                .uri("/system/storage/tasks")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(TYPES + "malformed-json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"value\": [1, 2", "{\"value\":1,\"value\":2}", "{\"value\":1} {}"})
    void answersMalformedVariableBodiesWithBadRequest(String body) {
        client.put()
                .uri("/system/storage/variables/{t}/v", createTask(client))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(TYPES + "malformed-json");
    }

    @Test
    void answersAJsonBodyThatIsNoObjectWithBadRequest() {
        client.post()
                .uri("/system/storage/variables")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[1]")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(TYPES + "invalid-request")
                .jsonPath("$.field")
                .isEqualTo("request body");
    }

    @Test
    void answersAVariableWithoutValueOrWithUnknownFieldsWithBadRequest() {
        String task = createTask(client);
        client.put()
                .uri("/system/storage/variables/{t}/v", task)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"var_type\":\"json\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("value");
        client.put()
                .uri("/system/storage/variables/{t}/v", task)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"value\":1,\"tll\":\"1h\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("tll");
        client.put()
                .uri("/system/storage/variables/{t}/v", task)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"value\":1,\"var_type\":7}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("var_type")
                .jsonPath("$.value")
                .isEqualTo("7 (number)");
    }

    @Test
    void takesJsonSentWithTheFormContentTypeCurlSetsByDefault() {
        client.post()
                .uri("/system/storage/tasks")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("{\"task_id\":\"curl-form-1\",\"function_name\":\"f\"}")
                .exchange()
                .expectStatus()
                .isCreated();
    }

    @Test
    void answersUnsupportedMediaTypeProblem() {
        client.post()
                .uri("/system/storage/tasks")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("task")
                .exchange()
                .expectStatus()
                .isEqualTo(415)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(TYPES + "unsupported-media-type");
    }

    @Test
    void answersNotAcceptableProblem() {
        client.get()
                .uri("/system/storage/variables/t/v")
                .accept(MediaType.TEXT_HTML)
                .exchange()
                .expectStatus()
                .isEqualTo(406)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(TYPES + "not-acceptable");
    }

    @Test
    void answersBadIfMatchWithBadRequest() {
        client.put()
                .uri("/system/storage/variables/{t}/v", createTask(client))
                .contentType(MediaType.APPLICATION_JSON)
                .header("If-Match", "abc")
                .bodyValue("{\"value\":1}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("If-Match");
    }

    @Test
    void answersValuesAboveTheMaximumWithPayloadTooLarge() {
        String task = createTask(client);
        byte[] tooLarge = new byte[25 * 1024 * 1024];

        client.put()
                .uri("/system/storage/variables/{t}/big", task)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(tooLarge)
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(TYPES + "payload-too-large")
                .jsonPath("$.max_size")
                .isEqualTo(24 * 1024 * 1024);
        client.put()
                .uri("/system/storage/variables/{t}/big", task)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"value\":\"" + "x".repeat(25 * 1024 * 1024) + "\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(413);
        client.get()
                .uri("/system/storage/variables/{t}/big", task)
                .exchange()
                .expectStatus()
                .isNotFound();
    }
}
