package dev.edgeway.storage.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.storage.support.HttpStorageClient;
import dev.edgeway.storage.support.NatsServerExtension;
import dev.edgeway.storage.support.StorageRequests;
import dev.edgeway.storage.support.StorageTestApplication;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * NATS going away and coming back under a running application: the application starts
 * without it, answers 503 problems with {@code Retry-After} meanwhile, recovers by itself, and
 * a SIGKILL of nats-server loses no write the API acknowledged.
 */
@SpringBootTest(
        classes = StorageTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.banner-mode=off",
            "edgeway.nats.reconnect-wait=100ms",
            "edgeway.nats.connect-timeout=1s",
            "edgeway.nats.request-timeout=2s",
            "edgeway.storage.retry-after=3s",
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatsOutageIT {

    @RegisterExtension
    static NatsServerExtension nats = NatsServerExtension.notStarted();

    @DynamicPropertySource
    static void natsUrl(DynamicPropertyRegistry registry) {
        registry.add("edgeway.nats.url", nats::url);
    }

    @LocalServerPort
    int port;

    HttpStorageClient http;

    @BeforeEach
    void client() {
        http = new HttpStorageClient(port);
    }

    @Test
    @Order(1)
    void startsWithoutNatsAnswersServiceUnavailableAndRecoversWhenNatsComesUp() {
        HttpResponse<String> refused = createTask(StorageRequests.newTaskId());

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(refused.body())
                .contains("\"type\":\"https://edgeway.dev/problems/storage/storage-unavailable\"")
                .contains(nats.url());

        nats.start();

        String task = StorageRequests.newTaskId();
        await().atMost(Duration.ofSeconds(20)).until(() -> createTask(task).statusCode() == 201);
        assertThat(http.putJson("/variables/" + task + "/v", "{\"value\":1}", Map.of())
                        .statusCode())
                .isEqualTo(201);
        assertThat(http.get("/variables/" + task + "/v").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void answersServiceUnavailableWhileNatsIsDownAndRecoversWithTheDataKept() {
        nats.start();
        String task = StorageRequests.newTaskId();
        await().atMost(Duration.ofSeconds(20)).until(() -> createTask(task).statusCode() == 201);
        assertThat(http.putJson("/variables/" + task + "/v", "{\"value\":42}", Map.of())
                        .statusCode())
                .isEqualTo(201);

        nats.stop();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> http.get("/variables/" + task + "/v").statusCode() == 503);
        HttpResponse<String> refused = http.get("/tasks/" + task);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");

        nats.start();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/variables/" + task + "/v").statusCode() == 200);
        assertThat(http.get("/variables/" + task + "/v").body()).contains("\"value\":42");
    }

    @Test
    @Order(3)
    void losesNoAcknowledgedWriteWhenNatsIsKilledDuringWrites() throws Exception {
        nats.start();
        String task = StorageRequests.newTaskId();
        await().atMost(Duration.ofSeconds(20)).until(() -> createTask(task).statusCode() == 201);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger refusals = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);

        try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                running.add(writers.submit(() -> {
                    for (int i = 0; writing.get(); i++) {
                        String name = "k" + writer + "_" + i;
                        int status = http.putJson("/variables/" + task + "/" + name, "{\"value\":" + i + "}", Map.of())
                                .statusCode();
                        if (status == 201) {
                            acknowledged.add(name);
                        } else {
                            assertThat(status).isEqualTo(503);
                            refusals.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 200);
            nats.kill();
            await().atMost(Duration.ofSeconds(30)).until(() -> refusals.get() >= 10);
            int beforeRestart = acknowledged.size();
            nats.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= beforeRestart + 100);
            writing.set(false);
            for (Future<?> writer : running) {
                writer.get();
            }
        }

        for (String name : acknowledged) {
            HttpResponse<String> read = http.get("/variables/" + task + "/" + name);
            assertThat(read.statusCode()).as(name).isEqualTo(200);
            assertThat(read.body()).contains("\"value\":" + name.substring(name.indexOf('_') + 1) + ",");
        }
        String metadata = http.get("/tasks/" + task).body();
        assertThat(acknowledged).allSatisfy(name -> assertThat(metadata).contains("\"" + name + "\""));
    }

    private HttpResponse<String> createTask(String id) {
        return http.postJson("/tasks", "{\"task_id\":\"" + id + "\",\"function_name\":\"fn\"}");
    }
}
