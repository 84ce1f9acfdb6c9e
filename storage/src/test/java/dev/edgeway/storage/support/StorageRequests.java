package dev.edgeway.storage.support;

import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Requests most storage tests need first: a fresh task, a stored variable. */
public final class StorageRequests {

    private StorageRequests() {}

    /** A task id no other test uses. */
    public static String newTaskId() {
        return "t-" + UUID.randomUUID();
    }

    /** Creates a task and returns its id. */
    public static String createTask(WebTestClient client) {
        String id = newTaskId();
        client.post()
                .uri("/system/storage/tasks")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("task_id", id, "function_name", "fn"))
                .exchange()
                .expectStatus()
                .isCreated();
        return id;
    }

    /** Stores a JSON value with PUT and returns the new ETag. */
    public static String putJson(WebTestClient client, String taskId, String name, String valueJson) {
        return client.put()
                .uri("/system/storage/variables/{t}/{v}", taskId, name)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"value\":" + valueJson + "}")
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody(String.class)
                .returnResult()
                .getResponseHeaders()
                .getETag();
    }
}
