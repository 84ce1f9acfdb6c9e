package dev.edgeway.storage.variable;

import static dev.edgeway.storage.support.StorageRequests.createTask;
import static dev.edgeway.storage.support.StorageRequests.putJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.storage.nats.LargeValueSpill;
import dev.edgeway.storage.support.StorageIT;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@StorageIT
class LargeValueIT {

    private static final int MIB = 1024 * 1024;

    @Autowired
    WebTestClient baseClient;

    @Autowired
    LargeValueSpill spill;

    WebTestClient client;

    @BeforeEach
    void allowLargeBodies() {
        client = baseClient
                .mutate()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 * MIB))
                .build();
    }

    @Test
    void roundTripsA20MiBJsonValue() {
        String task = createTask(client);
        String value = "{\"data\":\"" + pattern(20 * MIB) + "\",\"n\":[1,2,3]}";

        client.put()
                .uri("/system/storage/variables/{t}/big", task)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"var_type\":\"json\",\"value\":" + value + "}")
                .exchange()
                .expectStatus()
                .isCreated();

        String body = client.get()
                .uri("/system/storage/variables/{t}/big", task)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(body)
                .startsWith("{\"task_id\":\"" + task + "\",\"var_name\":\"big\",\"var_type\":\"json\",\"value\":");
        assertThat(body.contains("\"value\":" + value + ",\"format\":\"json\"")).isTrue();
        assertThat(objectsOf(task, "big")).hasSize(1);
    }

    @Test
    void roundTripsA20MiBBinaryValueAsBytesAndAsBase64() {
        String task = createTask(client);
        byte[] bytes = new byte[20 * MIB];
        new Random(7).nextBytes(bytes);

        client.put()
                .uri("/system/storage/variables/{t}/blob", task)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(bytes)
                .exchange()
                .expectStatus()
                .isCreated();

        byte[] raw = client.get()
                .uri("/system/storage/variables/{t}/blob", task)
                .accept(MediaType.APPLICATION_OCTET_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(raw).isEqualTo(bytes);
        client.get()
                .uri("/system/storage/variables/{t}/blob", task)
                .exchange()
                .expectBody()
                .jsonPath("$.format")
                .isEqualTo("binary")
                .jsonPath("$.value")
                .value(base64 ->
                        assertThat(Base64.getDecoder().decode((String) base64)).isEqualTo(bytes));
    }

    @Test
    void storesA20MiBBase64JsonValueAsBytes() {
        String task = createTask(client);
        byte[] bytes = new byte[20 * MIB];
        new Random(11).nextBytes(bytes);

        client.post()
                .uri("/system/storage/variables")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"task_id\":\"" + task + "\",\"var_name\":\"b64\",\"format\":\"binary\",\"value\":\""
                        + Base64.getEncoder().encodeToString(bytes) + "\"}")
                .exchange()
                .expectStatus()
                .isCreated();

        client.get()
                .uri("/system/storage/variables/{t}/b64", task)
                .accept(MediaType.APPLICATION_OCTET_STREAM)
                .exchange()
                .expectBody(byte[].class)
                .isEqualTo(bytes);
    }

    @Test
    void keepsValuesUpToTheThresholdInlineAndSpillsLargerOnes() {
        String task = createTask(client);
        putJson(client, task, "small", "\"" + pattern(512 * 1024 - 2) + "\"");
        putJson(client, task, "large", "\"" + pattern(512 * 1024 - 1) + "\"");

        assertThat(objectsOf(task, "small")).isEmpty();
        assertThat(objectsOf(task, "large")).hasSize(1);
    }

    @Test
    void deletesTheLargeValueWhenItIsReplacedOrDeleted() {
        String task = createTask(client);
        putJson(client, task, "v", "\"" + pattern(MIB) + "\"");
        List<String> first = objectsOf(task, "v");
        putJson(client, task, "v", "\"" + pattern(2 * MIB) + "\"");
        List<String> second = objectsOf(task, "v");

        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1).doesNotContainAnyElementsOf(first);

        putJson(client, task, "v", "\"small\"");
        assertThat(objectsOf(task, "v")).isEmpty();

        putJson(client, task, "w", "\"" + pattern(MIB) + "\"");
        client.delete()
                .uri("/system/storage/variables/{t}/w", task)
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(objectsOf(task, "w")).isEmpty();
    }

    private List<String> objectsOf(String task, String name) {
        return spill.list().stream()
                .map(LargeValueSpill.SpilledObject::name)
                .filter(object -> object.startsWith(task + "." + name + "."))
                .toList();
    }

    private static String pattern(int length) {
        byte[] text = new byte[length];
        for (int i = 0; i < length; i++) {
            text[i] = (byte) ('a' + i % 26);
        }
        return new String(text, StandardCharsets.US_ASCII);
    }
}
