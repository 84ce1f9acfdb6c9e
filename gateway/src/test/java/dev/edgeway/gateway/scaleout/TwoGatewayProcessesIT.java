package dev.edgeway.gateway.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.support.NatsCluster;
import dev.edgeway.gateway.support.PackagedGateway;
import dev.edgeway.gateway.support.TestFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two packaged gateways, each a {@code java -jar} process of its own, on one nats-server the test
 * starts: what {@link TwoGatewaysIT} shows for two application contexts in one JVM holds for two
 * processes, and a gateway killed with SIGKILL leaves the other serving. The kill comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoGatewayProcessesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static NatsCluster nats;
    private static PackagedGateway first;
    private static PackagedGateway second;
    private static Path logs;

    @BeforeAll
    static void start() throws IOException {
        nats = NatsCluster.start(1);
        logs = Files.createTempDirectory("edgeway-two-processes");
        // Unsandboxed: the functions append to one call log in the test's temporary directory,
        // which a sandboxed function (private /tmp) could not see.
        // A call running on the gateway that is killed keeps its running mark in the shared ledger, and
        // the other skips the ticks (overlap: skip) until the mark goes unrenewed for a running lease
        // (30 s by default; 3 s here, so the test need not wait).
        String[] options = {
            "--edgeway.nats.url=" + nats.urls(),
            "--edgeway.gateway.local.sandbox=off",
            "--edgeway.schedules.running-lease=3s"
        };
        first = new PackagedGateway(options);
        second = new PackagedGateway(options);
        // Started side by side: a JVM start is most of this test's time.
        CompletableFuture.allOf(startFresh(first), startFresh(second)).join();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (PackagedGateway gateway : new PackagedGateway[] {first, second}) {
            if (gateway != null) {
                gateway.close();
            }
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    @Order(1)
    void stateWrittenThroughOneIsReadThroughTheOther() throws Exception {
        assertThat(first.json("POST", "/system/storage/tasks", "{\"task_id\":\"proc\",\"function_name\":\"f\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(first.json("PUT", "/system/storage/variables/proc/x", "{\"value\":{\"n\":7}}")
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> read = second.get("/system/storage/variables/proc/x");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"n\":7");
    }

    @Test
    @Order(2)
    void aScheduleTicksOnceAcrossBothProcesses() throws Exception {
        Path log = logs.resolve("ticks.log");
        Instant deployed = Instant.now();
        for (PackagedGateway gateway : List.of(first, second)) {
            deployEverySecond(gateway, "every-second", log);
        }
        await().atMost(WAIT).until(() -> lines(log).size() >= 5);
        int calls = lines(log).size();
        // Read after the calls: the ledger counts a tick as fired when it is claimed, before the call.
        long fired = fired(second, "every-second");
        long ticks = Duration.between(deployed, Instant.now()).toSeconds() + 1;
        for (PackagedGateway gateway : List.of(first, second)) {
            gateway.json("DELETE", "/system/functions", "{\"functionName\":\"every-second\"}");
        }

        // A call made by a process that did not claim its tick in the shared ledger would be one more
        // call than the ledger's count; every tick claimed twice would exceed the ticks there were.
        assertThat((long) calls).isLessThanOrEqualTo(fired);
        assertThat(fired).isLessThanOrEqualTo(ticks);
    }

    @Test
    @Order(3)
    void asyncCallsAndABackgroundRunAreMadeOnceAcrossBothProcesses() throws Exception {
        Path log = logs.resolve("queued.log");
        for (PackagedGateway gateway : List.of(first, second)) {
            deployStep(gateway, "queued", log);
        }
        int calls = 20;
        for (int i = 0; i < calls; i++) {
            HttpResponse<String> accepted =
                    first.send("POST", "/async-function/queued", "application/json", "{\"n\":" + i + "}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        }
        HttpResponse<String> defined = first.send("PUT", "/system/pipelines/once", "application/yaml", """
                name: once
                steps:
                  - id: only
                    function: queued
                """);
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
        // Defined through one process, run in the background through the other.
        HttpResponse<String> run =
                second.send("POST", "/pipeline/once?async=true", "application/json", "{\"frame\":1}");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
        String runId = run.headers().firstValue("X-Run-Id").orElseThrow();

        await().atMost(WAIT)
                .until(() ->
                        first.get("/system/pipelines/once/runs/" + runId).body().contains("\"status\":\"succeeded\""));
        // Both processes' workers take from one queue and one run queue: each call and the run's
        // one step are made once, and stay so (no second delivery to the other process).
        await().atMost(WAIT)
                .during(Duration.ofSeconds(3))
                .until(() -> lines(log).size() == calls + 1);
    }

    @Test
    @Order(4)
    void killingOneWithSigkillLeavesTheOtherServing() throws Exception {
        Path log = logs.resolve("after-kill.log");
        assertThat(first.json("PUT", "/system/storage/variables/proc/before-kill", "{\"value\":\"kept\"}")
                        .statusCode())
                .isEqualTo(201);
        for (PackagedGateway gateway : List.of(first, second)) {
            deployEverySecond(gateway, "survivor", log);
        }

        first.kill();

        assertThat(first.process().isAlive()).isFalse();
        HttpResponse<String> read = second.get("/system/storage/variables/proc/before-kill");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"kept\"");
        assertThat(second.json("PUT", "/system/storage/variables/proc/after-kill", "{\"value\":1}")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> called = second.json("POST", "/function/survivor", "{\"frame\":1}");
        assertThat(called.statusCode()).as(called.body()).isEqualTo(200);
        assertThat(called.body()).contains("\"frame\": 1");
        // The schedule goes on ticking on the survivor: no tick stays claimed by the dead process, and a
        // call it left running stops counting once its mark goes unrenewed for the running lease.
        int seen = lines(log).size();
        await().atMost(WAIT).until(() -> lines(log).size() >= seen + 3);
    }

    private static CompletableFuture<Void> startFresh(PackagedGateway gateway) {
        return CompletableFuture.runAsync(() -> {
            try {
                gateway.startFresh();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void deployStep(PackagedGateway gateway, String name, Path log) throws Exception {
        HttpResponse<String> deployed = gateway.json(
                "POST",
                "/system/functions",
                TestFunctions.classic(
                        name,
                        "python3 " + TestFunctions.script("pipeline_step.py") + " --log " + log,
                        "{\"combine_output\":\"false\"}"));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(202);
    }

    private static void deployEverySecond(PackagedGateway gateway, String name, Path log) throws Exception {
        HttpResponse<String> deployed = gateway.json(
                "POST", "/system/functions", """
                {"service":"%s","image":"local","envProcess":"python3 %s --log %s",
                 "envVars":{"combine_output":"false"},
                 "annotations":{"topic":"cron-function","schedule":"* * * * * *"}}""".formatted(name, TestFunctions.script("pipeline_step.py"), log));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(202);
    }

    /** How many ticks of a function's schedule the shared ledger says have fired, from {@code /system/schedules}. */
    private static long fired(PackagedGateway gateway, String function) throws Exception {
        HttpResponse<String> schedules = gateway.get("/system/schedules");
        assertThat(schedules.statusCode()).as(schedules.body()).isEqualTo(200);
        for (JsonNode schedule : JSON.readTree(schedules.body())) {
            if (function.equals(schedule.path("function").asString())) {
                return schedule.path("fired").asLong();
            }
        }
        throw new AssertionError("no schedule of " + function + " in " + schedules.body());
    }

    private static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
