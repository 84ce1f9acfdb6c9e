package dev.edgeway.storage.web;

import static dev.edgeway.storage.support.StorageRequests.createTask;
import static dev.edgeway.storage.support.StorageRequests.newTaskId;
import static dev.edgeway.storage.support.StorageRequests.putJson;

import dev.edgeway.storage.support.StorageIT;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@StorageIT
class TaskApiIT {

    @Autowired
    WebTestClient client;

    @Test
    void createsTaskWithTheSketchAnswer() {
        String id = newTaskId();
        client.post()
                .uri("/system/storage/tasks")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("task_id", id, "function_name", "data-processing"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .location("/system/storage/tasks/" + id)
                .expectHeader()
                .exists("ETag")
                .expectBody()
                .json("{\"status\":\"created\"}", true);
    }

    @Test
    void readsTaskMetadataWithItsVariableNames() {
        String id = createTask(client);
        putJson(client, id, "b", "1");
        putJson(client, id, "a", "2");

        client.get()
                .uri("/system/storage/tasks/{id}", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueMatches("ETag", "\"\\d+\"")
                .expectBody()
                .jsonPath("$.task_id")
                .isEqualTo(id)
                .jsonPath("$.function_name")
                .isEqualTo("fn")
                .jsonPath("$.status")
                .isEqualTo("created")
                .jsonPath("$.variables")
                .isEqualTo(java.util.List.of("a", "b"))
                .jsonPath("$.created_at")
                .isNotEmpty()
                .jsonPath("$.updated_at")
                .isNotEmpty();
    }

    @Test
    void refusesASecondTaskWithTheSameIdWithConflict() {
        String id = createTask(client);

        client.post()
                .uri("/system/storage/tasks")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("task_id", id, "function_name", "other"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://edgeway.dev/problems/storage/task-exists")
                .jsonPath("$.task_id")
                .isEqualTo(id);
    }

    @Test
    void answersNotFoundProblemForUnknownTask() {
        String id = newTaskId();

        client.get()
                .uri("/system/storage/tasks/{id}", id)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://edgeway.dev/problems/storage/task-not-found")
                .jsonPath("$.status")
                .isEqualTo(404)
                .jsonPath("$.instance")
                .isEqualTo("/system/storage/tasks/" + id)
                .jsonPath("$.detail")
                .value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
                        .contains(id));
    }

    @Test
    void setsStatusWithPatchAndAnswersTheNewMetadata() {
        String id = createTask(client);
        String etag = etagOf(id);

        client.patch()
                .uri("/system/storage/tasks/{id}", id)
                .contentType(MediaType.APPLICATION_JSON)
                .header("If-Match", etag)
                .bodyValue("{\"status\":\"done\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value("ETag", newTag -> org.assertj.core.api.Assertions.assertThat(newTag)
                        .isNotEqualTo(etag))
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("done");
    }

    @Test
    void rejectsStalePatchWithPreconditionFailedAndChangesNothing() {
        String id = createTask(client);
        String stale = etagOf(id);
        client.patch()
                .uri("/system/storage/tasks/{id}", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"status\":\"running\"}")
                .exchange()
                .expectStatus()
                .isOk();

        client.patch()
                .uri("/system/storage/tasks/{id}", id)
                .contentType(MediaType.APPLICATION_JSON)
                .header("If-Match", stale)
                .bodyValue("{\"status\":\"done\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(412)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://edgeway.dev/problems/storage/precondition-failed");
        client.get()
                .uri("/system/storage/tasks/{id}", id)
                .exchange()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("running");
    }

    @Test
    void deletesTaskWithAllItsVariables() {
        String id = createTask(client);
        putJson(client, id, "x", "1");
        putJson(client, id, "y", "{\"a\":2}");

        client.delete()
                .uri("/system/storage/tasks/{id}", id)
                .exchange()
                .expectStatus()
                .isNoContent();

        client.get()
                .uri("/system/storage/tasks/{id}", id)
                .exchange()
                .expectStatus()
                .isNotFound();
        client.get()
                .uri("/system/storage/variables/{id}/x", id)
                .exchange()
                .expectStatus()
                .isNotFound();
        client.delete()
                .uri("/system/storage/tasks/{id}", id)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void rejectsInvalidTaskIdNamingFieldValueAndRule() {
        client.post()
                .uri("/system/storage/tasks")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("task_id", "a b*", "function_name", "fn"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://edgeway.dev/problems/storage/invalid-request")
                .jsonPath("$.field")
                .isEqualTo("task_id")
                .jsonPath("$.value")
                .isEqualTo("a b*")
                .jsonPath("$.rule")
                .isEqualTo("1 to 128 characters from A-Z a-z 0-9 _ -");
    }

    @Test
    void rejectsFunctionNameOfTheWrongType() {
        client.post()
                .uri("/system/storage/tasks")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"task_id\":\"" + newTaskId() + "\",\"function_name\":42}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("function_name")
                .jsonPath("$.value")
                .isEqualTo("42 (number)");
    }

    @Test
    void rejectsMissingAndUnknownFields() {
        client.post()
                .uri("/system/storage/tasks")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"task_id\":\"" + newTaskId() + "\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("function_name");
        client.patch()
                .uri("/system/storage/tasks/{id}", createTask(client))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"stauts\":\"done\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("stauts")
                .jsonPath("$.detail")
                .isEqualTo("stauts: unknown field (expected: one of status)");
    }

    private String etagOf(String id) {
        return client.get()
                .uri("/system/storage/tasks/{id}", id)
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseHeaders()
                .getETag();
    }
}
