package dev.edgeway.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.MetricsScrape;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import dev.edgeway.storage.kv.BucketSpec;
import dev.edgeway.storage.objects.ObjectBucket;
import dev.edgeway.storage.objects.ObjectBuckets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code /async-function} against the real gateway, its embedded nats-server and real functions. */
@GatewayIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncInvocationIT {

    private static final Duration CALL_DONE = Duration.ofSeconds(60);
    private static final int MIB = 1024 * 1024;

    @RegisterExtension
    static final CallbackReceiver callbacks = new CallbackReceiver();

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @LocalManagementPort
    int managementPort;

    @Autowired
    QueueWorker workers;

    @Autowired
    QueueMetrics queueMetrics;

    @Autowired
    ObjectBuckets objects;

    ObjectBucket bodies;

    SystemApi api;

    @BeforeAll
    void deployFunctions() {
        api = new SystemApi(client, credentials);
        bodies = objects.bucket(new BucketSpec(CallBodies.BUCKET, 1, Duration.ZERO));
        api.deploy(asyncServer("async-echo", "\"max_inflight\":\"2\"", ""));
        api.deploy(asyncServer(
                "async-flaky",
                "",
                "\"com.openfaas.retry.min_wait\":\"100ms\",\"com.openfaas.retry.max_wait\":\"200ms\","
                        + "\"com.openfaas.retry.attempts\":\"3\""));
        api.deploy(asyncServer("async-queued", "", "\"com.openfaas.queue\":\"slow-lane\""));
        // Ready before the tests, so the first async call does not race a process start.
        for (String name : List.of("async-echo", "async-flaky", "async-queued")) {
            await().atMost(CALL_DONE).untilAsserted(() -> client.get()
                    .uri("/function/" + name + "/max")
                    .exchange()
                    .expectStatus()
                    .isOk());
        }
    }

    private static String asyncServer(String service, String env, String annotations) {
        String envVars = "\"mode\":\"http\"" + (env.isEmpty() ? "" : "," + env);
        return """
                {"service":"%s","image":"local","envProcess":"python3 %s",
                 "envVars":{%s},"annotations":{%s}}""".formatted(service, TestFunctions.script("async_server.py"), envVars, annotations);
    }

    private String accept(String uri, Object body, String callbackPath) {
        String callId = UUID.randomUUID().toString();
        client.post()
                .uri(uri)
                .header("X-Call-Id", callId)
                .header("X-Callback-Url", callbacks.url(callbackPath))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .valueEquals("X-Call-Id", callId)
                .expectHeader()
                .exists("X-Start-Time")
                .expectHeader()
                .exists("X-Served-By")
                .expectBody()
                .isEmpty();
        return callId;
    }

    @Test
    void runsTheFunctionAfterAnsweringAcceptedAndCallsBackWithEveryHeader() {
        String callId = accept("/async-function/async-echo.openfaas-fn/echo?x=1", "hello async", "/done");

        await().atMost(CALL_DONE).until(() -> callbacks.of(callId).isPresent());
        CallbackReceiver.Received callback = callbacks.of(callId).orElseThrow();
        assertThat(callback.body()).isEqualTo("hello async");
        assertThat(callback.header("X-Function-Status")).isEqualTo("200");
        assertThat(callback.header("X-Function-Name")).isEqualTo("async-echo.openfaas-fn");
        assertThat(Double.parseDouble(callback.header("X-Duration-Seconds"))).isNotNegative();
        assertThat(callback.header("X-Echo-Function")).isEqualTo("async-server");
    }

    @Test
    void keepsACallQueuedWhileNoWorkerRunsAndRunsItWhenOneStarts() {
        workers.stop();
        String callId;
        try {
            callId = accept("/async-function/async-echo", "waited", "/done");
            api.get("/system/async/calls/" + callId)
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.state")
                    .isEqualTo("queued")
                    .jsonPath("$.attempts")
                    .isEqualTo(0);
        } finally {
            workers.start();
        }

        await().atMost(CALL_DONE).until(() -> callbacks.of(callId).isPresent());
        assertThat(callbacks.of(callId).orElseThrow().body()).isEqualTo("waited");
        api.get("/system/async/calls/" + callId)
                .expectBody()
                .jsonPath("$.state")
                .isEqualTo("succeeded");
    }

    @Test
    void showsDepthAndOldestAgePerQueue() {
        workers.stop();
        String callId;
        try {
            callId = accept("/async-function/async-queued", "counted", "/done");
            queueMetrics.refresh();
            String metrics = metrics();
            assertThat(gauge(metrics, "edgeway_async_queue_depth", "slow-lane")).isGreaterThanOrEqualTo(1);
            assertThat(gauge(metrics, "edgeway_async_queue_oldest_age_seconds", "slow-lane"))
                    .isNotNegative();
            assertThat(gauge(metrics, "edgeway_async_queue_depth", "default")).isNotNegative();
        } finally {
            workers.start();
        }
        await().atMost(CALL_DONE).until(() -> callbacks.of(callId).isPresent());
    }

    private static double gauge(String metrics, String name, String queue) {
        String prefix = name + "{application=\"edgeway\",queue=\"" + queue + "\"} ";
        return metrics.lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
                .findFirst()
                .orElseThrow(() -> new AssertionError(prefix + " not in " + metrics));
    }

    @Test
    void generatesACallIdWhenTheCallerSentNone() {
        client.post()
                .uri("/async-function/async-echo")
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .value("X-Call-Id", id -> assertThat(UUID.fromString(id)).isNotNull());
    }

    @Test
    void retriesRetryableStatusesWithBackoffThenSucceeds() {
        String key = UUID.randomUUID().toString();
        String callId = accept("/async-function/async-flaky/flaky?fail=2&code=503&key=" + key, "", "/done");

        await().atMost(CALL_DONE).until(() -> callbacks.of(callId).isPresent());
        CallbackReceiver.Received callback = callbacks.of(callId).orElseThrow();
        assertThat(callback.header("X-Function-Status")).isEqualTo("200");
        assertThat(callback.body()).isEqualTo("ok after 2");
        api.get("/system/async/calls/" + callId)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.state")
                .isEqualTo("succeeded")
                .jsonPath("$.attempts")
                .isEqualTo(3)
                .jsonPath("$.last_status")
                .isEqualTo(200)
                .jsonPath("$.function")
                .isEqualTo("async-flaky.openfaas-fn")
                .jsonPath("$.finished_at")
                .exists();
    }

    @Test
    void answersAProblemForAnUnknownCallId() {
        api.get("/system/async/calls/never-seen")
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType("application/problem+json");
    }

    @Test
    void deadLettersACallWhenRetriesAreExhaustedAndReplaysIt() {
        String key = UUID.randomUUID().toString();
        String callId = accept("/async-function/async-flaky/flaky?fail=3&code=502&key=" + key, "", "/done");

        await().atMost(CALL_DONE).until(() -> callbacks.of(callId).isPresent());
        CallbackReceiver.Received failed = callbacks.of(callId).orElseThrow();
        assertThat(failed.header("X-Function-Status")).isEqualTo("502");
        assertThat(failed.body()).isEqualTo("failing 3");
        api.get("/system/async/calls/" + callId)
                .expectBody()
                .jsonPath("$.state")
                .isEqualTo("dead-lettered")
                .jsonPath("$.last_status")
                .isEqualTo(502);
        await().atMost(CALL_DONE).untilAsserted(() -> api.get("/system/async/dead-letters?function=async-flaky")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.call_id == '%s')].status".formatted(callId))
                .isEqualTo(502)
                .jsonPath("$[?(@.call_id == '%s')].attempts".formatted(callId))
                .isEqualTo(3));

        api.send(HttpMethod.POST, "/system/async/dead-letters/replay?function=async-flaky.openfaas-fn", "")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.call_ids")
                .value(ids -> assertThat(ids.toString()).contains(callId));

        await().atMost(CALL_DONE).until(() -> callbacks.all(callId).size() == 2);
        CallbackReceiver.Received replayed = callbacks.all(callId).get(1);
        assertThat(replayed.header("X-Function-Status")).isEqualTo("200");
        assertThat(replayed.body()).isEqualTo("ok after 3");
        api.get("/system/async/dead-letters?function=async-flaky")
                .expectBody()
                .jsonPath("$[?(@.call_id == '%s')]".formatted(callId))
                .isEmpty();
        assertThat(metrics())
                .contains(
                        "edgeway_async_dead_letters_total{application=\"edgeway\",function_name=\"async-flaky.openfaas-fn\"}")
                .contains(
                        "edgeway_async_retries_total{application=\"edgeway\",function_name=\"async-flaky.openfaas-fn\"}")
                .contains("edgeway_async_queue_depth")
                .contains("edgeway_async_queue_oldest_age_seconds")
                .contains("edgeway_async_inflight");
    }

    private String metrics() {
        return MetricsScrape.of(managementPort);
    }

    @Test
    void refusesABadDeadLetterLimitWithAProblem() {
        api.get("/system/async/dead-letters?limit=0")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("limit: 0 (expected: 1 to 1000)");
    }

    @Test
    void retriesAFailedCallback() {
        String callId = accept("/async-function/async-echo", "twice", "/flaky");

        await().atMost(CALL_DONE).until(() -> callbacks.of(callId).isPresent());
        assertThat(callbacks.of(callId).orElseThrow().body()).isEqualTo("twice");
    }

    @Test
    void runsCallsOfANamedQueue() {
        String callId = accept("/async-function/async-queued", "lane", "/done");

        await().atMost(CALL_DONE).until(() -> callbacks.of(callId).isPresent());
        assertThat(callbacks.of(callId).orElseThrow().body()).isEqualTo("lane");
    }

    @Test
    void boundsConcurrentCallsOfOneFunctionUnderABurst() {
        List<String> callIds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            callIds.add(accept("/async-function/async-echo/slow?s=0.4", "", "/burst"));
        }

        await().atMost(CALL_DONE)
                .until(() -> callIds.stream().allMatch(id -> callbacks.of(id).isPresent()));
        String most = client.get()
                .uri("/function/async-echo/max")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(Integer.parseInt(most)).isBetween(1, 2);
    }

    @Test
    void answersNotFoundForAnUnknownFunction() {
        client.post()
                .uri("/async-function/no-such-function")
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void refusesAnUnparseableCallbackUrl() {
        client.post()
                .uri("/async-function/async-echo")
                .header("X-Callback-Url", "not a url")
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("X-Callback-Url: not a url"));
    }

    @Test
    void refusesCallbacksToLinkLocalAddresses() {
        client.post()
                .uri("/async-function/async-echo")
                .header("X-Callback-Url", "http://169.254.169.254/latest/meta-data")
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("link-local"));
    }

    @Test
    void carriesABodyLargerThanOneNatsMessageThroughTheObjectStoreAndDropsItAfterwards() {
        List<String> before = bodies.names();
        byte[] body = new byte[3 * MIB];
        java.util.Arrays.fill(body, (byte) 'x');
        String callId = accept("/async-function/async-echo", body, "/done");

        await().atMost(CALL_DONE).until(() -> callbacks.of(callId).isPresent());
        CallbackReceiver.Received callback = callbacks.of(callId).orElseThrow();
        assertThat(callback.header("X-Function-Status")).isEqualTo("200");
        assertThat(callback.header("X-Body-Bytes")).isEqualTo(Integer.toString(3 * MIB));
        await().atMost(CALL_DONE).until(() -> bodies.names().equals(before));
    }

    @Test
    void keepsALargeBodyWhileItsDeadLetterWaitsAndReplaysItWithTheBody() {
        List<String> before = bodies.names();
        String key = UUID.randomUUID().toString();
        String callId =
                accept("/async-function/async-flaky/flaky?fail=3&code=502&key=" + key, new byte[3 * MIB], "/done");

        await().atMost(CALL_DONE).until(() -> callbacks.of(callId).isPresent());
        assertThat(callbacks.of(callId).orElseThrow().header("X-Body-Bytes")).isEqualTo(Integer.toString(3 * MIB));
        await().atMost(CALL_DONE).untilAsserted(() -> api.get("/system/async/dead-letters?function=async-flaky")
                .expectBody()
                .jsonPath("$[?(@.call_id == '%s')].body_bytes".formatted(callId))
                .isEqualTo(3 * MIB));
        assertThat(bodies.names()).hasSize(before.size() + 1);

        api.send(HttpMethod.POST, "/system/async/dead-letters/replay?function=async-flaky", "")
                .expectStatus()
                .isOk();

        await().atMost(CALL_DONE).until(() -> callbacks.all(callId).size() == 2);
        CallbackReceiver.Received replayed = callbacks.all(callId).get(1);
        assertThat(replayed.header("X-Function-Status")).isEqualTo("200");
        assertThat(replayed.header("X-Body-Bytes")).isEqualTo(Integer.toString(3 * MIB));
        await().atMost(CALL_DONE).until(() -> bodies.names().equals(before));
    }

    @Test
    void refusesABodyLargerThanTheConfiguredLimit() {
        client.post()
                .uri("/async-function/async-echo")
                .bodyValue(new byte[16 * MIB + 1])
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("expected: at most " + 16 * MIB + " bytes"));
    }

    @Test
    void answersMethodNotAllowedToOtherMethods() {
        client.method(HttpMethod.GET)
                .uri("/async-function/async-echo")
                .exchange()
                .expectStatus()
                .isEqualTo(405);
    }
}
