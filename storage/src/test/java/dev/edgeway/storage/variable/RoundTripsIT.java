package dev.edgeway.storage.variable;

import static dev.edgeway.storage.support.StorageRequests.createTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.storage.support.NatsServerExtension;
import dev.edgeway.storage.support.StorageTestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a variable write costs in NATS round trips, counted by the server: the messages the
 * application's connection sent ({@code in_msgs} in {@code /connz}), one per request. The
 * application has a server of its own and a sweeper that does not run meanwhile, so nothing
 * else is counted.
 */
@SpringBootTest(
        classes = StorageTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.banner-mode=off", "edgeway.storage.variables.sweep-interval=1h"})
@AutoConfigureWebTestClient(timeout = "PT60S")
class RoundTripsIT {

    @RegisterExtension
    static NatsServerExtension nats = NatsServerExtension.started();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void natsUrl(DynamicPropertyRegistry registry) {
        registry.add("edgeway.nats.url", nats::url);
    }

    @Autowired
    WebTestClient client;

    @Test
    void anOverwriteOfAnExistingVariableIsOneRoundTrip() {
        String task = createTask(client);
        put(task, "v", "");

        assertThat(roundTrips(() -> put(task, "v", ""))).isEqualTo(1);
        assertThat(roundTrips(() -> put(task, "v", "?ttl=1h"))).isEqualTo(1);
    }

    @Test
    void aNewVariableWithATtlIsTwoRoundTrips() {
        String task = createTask(client);
        put(task, "warm-up", "?ttl=1h");

        // The value's create, and the task's list of variables.
        assertThat(roundTrips(() -> put(task, "fresh", "?ttl=1h"))).isEqualTo(2);
    }

    @Test
    void aReadIsOneRoundTrip() {
        String task = createTask(client);
        put(task, "v", "");

        assertThat(roundTrips(() -> client.get()
                        .uri("/system/storage/variables/{t}/v", task)
                        .accept(MediaType.APPLICATION_OCTET_STREAM)
                        .exchange()
                        .expectStatus()
                        .isOk()))
                .isEqualTo(1);
    }

    private void put(String task, String name, String query) {
        client.put()
                .uri("/system/storage/variables/" + task + "/" + name + query)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(new byte[1024])
                .exchange()
                .expectStatus()
                .is2xxSuccessful();
    }

    private static long roundTrips(Runnable request) {
        long before = messagesSent();
        request.run();
        return messagesSent() - before;
    }

    /** Messages the application's connection has sent to the server (each request is one). */
    private static long messagesSent() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(nats.monitorUrl() + "/connz"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long sent = 0;
            for (JsonNode connection : JSON.readTree(response.body()).path("connections")) {
                if ("edgeway-storage".equals(connection.path("name").asString())) {
                    sent += connection.path("in_msgs").asLong();
                }
            }
            return sent;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
