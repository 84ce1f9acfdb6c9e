package dev.edgeway.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.support.NatsCluster;
import dev.edgeway.gateway.support.PackagedGateway;
import dev.edgeway.gateway.support.TestFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accepted calls survive real crashes: the packaged gateway killed with SIGKILL in the middle of
 * a drain and started again on the same data directory and NATS, and the nats-server killed and
 * started again while calls come in. A function appends every call id it runs to a file, which
 * no crash of the gateway can reset.
 */
class AsyncDurabilityIT {

    private static final Duration DRAINED = Duration.ofSeconds(120);

    private static NatsCluster nats;
    private static PackagedGateway gateway;
    private static Path logs;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        nats = NatsCluster.start(1);
        logs = Files.createTempDirectory("edgeway-async-durability");
        // Unsandboxed, so the function can write its call log where the test reads it. A short ack
        // wait, so the calls running when the gateway died come back within seconds.
        gateway = new PackagedGateway(
                "--edgeway.nats.url=" + nats.urls(),
                "--edgeway.nats.request-timeout=2s",
                "--edgeway.gateway.local.sandbox=off",
                "--edgeway.async.ack-wait=3s",
                "--edgeway.async.retry-after=3s");
        gateway.startFresh();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void everyAcceptedCallRunsAfterTheGatewayIsKilledHalfwayThroughTheDrain() throws Exception {
        Path log = deploy("drained", 0.05);
        List<String> accepted = acceptConcurrently("drained", 1000);

        await().atMost(DRAINED).until(() -> ran(log).size() >= 500);
        gateway.kill();
        int beforeKill = ran(log).size();
        gateway.start();

        assertThat(beforeKill).as("calls run before the kill").isLessThan(accepted.size());
        await().atMost(DRAINED).until(() -> ran(log).containsAll(accepted));
    }

    @Test
    void acceptedCallsSurviveANatsRestartWhileAsyncAnswers503AndSyncCallsWork() throws Exception {
        Path log = deploy("outage", 0);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        List<HttpResponse<String>> refused = new ArrayList<>();
        Sender sender = new Sender("outage", accepted, refused);
        Thread sending = Thread.ofVirtual().start(sender);
        try {
            await().atMost(DRAINED).until(() -> accepted.size() >= 20);
            nats.kill(0);
            await().atMost(DRAINED).until(() -> sender.refusals() > 0);
            assertThat(send("POST", "/function/outage/ping", "sync", false).statusCode())
                    .isEqualTo(200);
            nats.startNode(0);
            int atRestart = accepted.size();
            await().atMost(DRAINED).until(() -> accepted.size() > atRestart + 20);
        } finally {
            sender.stop();
            sending.join();
        }

        HttpResponse<String> first = sender.firstRefusal();
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(first.body()).startsWith("The async queue is unavailable: ");
        assertThat(sender.refusedStatuses()).as("answers other than 202").containsOnly(503);
        await().atMost(DRAINED).until(() -> ran(log).containsAll(accepted));
    }

    /** Posts calls one after another until stopped, keeping the call ids answered 202 and the first refusal. */
    private final class Sender implements Runnable {
        private final String function;
        private final Set<String> accepted;
        private final List<HttpResponse<String>> refused;
        private volatile boolean running = true;

        Sender(String function, Set<String> accepted, List<HttpResponse<String>> refused) {
            this.function = function;
            this.accepted = accepted;
            this.refused = refused;
        }

        @Override
        public void run() {
            while (running) {
                String callId = UUID.randomUUID().toString();
                try {
                    HttpResponse<String> answer = http.send(
                            HttpRequest.newBuilder(gateway.uri("/async-function/" + function + "/count"))
                                    .header("X-Call-Id", callId)
                                    // A gateway that stops answering fails the test rather than hanging it.
                                    .timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString("call"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 202) {
                        accepted.add(callId);
                    } else {
                        synchronized (refused) {
                            refused.add(answer);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        int refusals() {
            synchronized (refused) {
                return refused.size();
            }
        }

        List<Integer> refusedStatuses() {
            synchronized (refused) {
                return refused.stream().map(HttpResponse::statusCode).toList();
            }
        }

        HttpResponse<String> firstRefusal() {
            synchronized (refused) {
                return refused.getFirst();
            }
        }

        void stop() {
            running = false;
        }
    }

    /** Deploys the call-counting function and waits until it answers; returns its call log. */
    private Path deploy(String name, double sleepSeconds) throws Exception {
        Path log = logs.resolve(name + ".log");
        String deployment = """
                {"service":"%s","image":"local","envProcess":"python3 %s --log %s --sleep %s",
                 "envVars":{"mode":"http"}}""".formatted(name, TestFunctions.script("call_log.py"), log, sleepSeconds);
        assertThat(send("POST", "/system/functions", deployment, true).statusCode())
                .isEqualTo(202);
        await().atMost(DRAINED)
                .until(() ->
                        send("GET", "/function/" + name + "/ready", null, false).statusCode() == 200);
        return log;
    }

    /** Accepts {@code count} calls, 16 in flight at a time; returns their call ids. */
    private List<String> acceptConcurrently(String function, int count) {
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String callId = "call-" + i + "-" + UUID.randomUUID();
            inFlight.acquireUninterruptibly();
            calls.add(http.sendAsync(
                            HttpRequest.newBuilder(gateway.uri("/async-function/" + function + "/count"))
                                    .header("X-Call-Id", callId)
                                    .POST(HttpRequest.BodyPublishers.ofString("call " + i))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .whenComplete((answer, error) -> inFlight.release())
                    .thenApply(answer -> {
                        assertThat(answer.statusCode()).as("call " + callId).isEqualTo(202);
                        return callId;
                    }));
        }
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private static Set<String> ran(Path log) {
        try {
            return Files.exists(log) ? new HashSet<>(Files.readAllLines(log)) : Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth) {
            request.header("Authorization", gateway.authorization());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
