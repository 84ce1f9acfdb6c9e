package dev.edgeway.storage.web;

import static dev.edgeway.storage.support.StorageRequests.createTask;
import static dev.edgeway.storage.support.StorageRequests.newTaskId;
import static dev.edgeway.storage.support.StorageRequests.putJson;

import dev.edgeway.storage.support.StorageIT;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

@StorageIT
class VariableListIT {

    @Autowired
    WebTestClient client;

    @Test
    void listsVariablesInPages() {
        String task = createTask(client);
        for (String name : List.of("e", "c", "a", "d", "b")) {
            putJson(client, task, name, "\"" + name + "\"");
        }

        client.get()
                .uri("/system/storage/variables/{t}?limit=2", task)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.task_id")
                .isEqualTo(task)
                .jsonPath("$.variables[*].var_name")
                .isEqualTo(List.of("a", "b"))
                .jsonPath("$.variables[0].var_type")
                .isEqualTo("json")
                .jsonPath("$.variables[0].format")
                .isEqualTo("json")
                .jsonPath("$.variables[0].size")
                .isEqualTo(3)
                .jsonPath("$.variables[0].revision")
                .isNumber()
                .jsonPath("$.next")
                .isEqualTo("b");
        client.get()
                .uri("/system/storage/variables/{t}?limit=2&after=b", task)
                .exchange()
                .expectBody()
                .jsonPath("$.variables[*].var_name")
                .isEqualTo(List.of("c", "d"))
                .jsonPath("$.next")
                .isEqualTo("d");
        client.get()
                .uri("/system/storage/variables/{t}?limit=2&after=d", task)
                .exchange()
                .expectBody()
                .jsonPath("$.variables[*].var_name")
                .isEqualTo(List.of("e"))
                .jsonPath("$.next")
                .doesNotExist();
    }

    @Test
    void listingAnswersNotFoundForUnknownTaskAndBadRequestForBadLimits() {
        client.get()
                .uri("/system/storage/variables/{t}", newTaskId())
                .exchange()
                .expectStatus()
                .isNotFound();
        String task = createTask(client);
        for (String limit : new String[] {"0", "1001", "ten"}) {
            client.get()
                    .uri("/system/storage/variables/{t}?limit={l}", task, limit)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.field")
                    .isEqualTo("limit");
        }
    }
}
