package dev.edgeway.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.metrics.FunctionMetrics;
import dev.edgeway.gateway.pipeline.run.StateStoreRunStore;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import dev.edgeway.storage.task.StoredTask;
import dev.edgeway.storage.task.TaskId;
import dev.edgeway.storage.task.TaskService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Schedules of functions and pipelines on the shared gateway, with second-resolution
 * expressions (Edgeway's 6-field extension) to stay fast, real function processes and the
 * embedded nats-server.
 */
@GatewayIT
class SchedulesIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String NAMESPACE = "openfaas-fn";

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @Autowired
    FunctionMetrics metrics;

    @Autowired
    FunctionInvoker invoker;

    @Autowired
    ScheduleLedger ledger;

    @Autowired
    ScheduleRefresher refresher;

    @Autowired
    ScheduledCall scheduledCall;

    @Autowired
    TaskService tasks;

    SystemApi api;

    @BeforeEach
    void setUp() {
        api = new SystemApi(client, credentials);
    }

    @AfterEach
    void removeFunctions() {
        List.of(
                        "tick-cat",
                        "tick-slow",
                        "tick-shared",
                        "tick-restart",
                        "tick-async",
                        "tick-step",
                        "tick-sleep",
                        "tick-leased")
                .forEach(api::remove);
        List.of("ticking", "ticking-async").forEach(name -> client.delete()
                .uri("/system/pipelines/" + name)
                .header(HttpHeaders.AUTHORIZATION, credentials.header())
                .exchange());
    }

    @Test
    void firesOnScheduleThroughTheInvokerAndFollowsUpdateAndDelete() {
        api.deploy(scheduled("tick-cat", "cat", "* * * * * *", ""));

        await().atMost(WAIT).until(() -> invocations("tick-cat") >= 2);
        api.get("/system/schedules")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.function == 'tick-cat')].schedule")
                .isEqualTo("* * * * * *")
                .jsonPath("$[?(@.function == 'tick-cat')].nextTick")
                .exists()
                .jsonPath("$[?(@.function == 'tick-cat')].lastOutcome.result")
                .isEqualTo("succeeded");

        api.send(HttpMethod.PUT, "/system/functions", scheduled("tick-cat", "cat", "*/2 * * * * *", ""))
                .expectStatus()
                .isAccepted();
        await().atMost(WAIT).untilAsserted(() -> api.get("/system/schedules")
                .expectBody()
                .jsonPath("$[?(@.function == 'tick-cat')].schedule")
                .isEqualTo("*/2 * * * * *"));

        api.remove("tick-cat");
        double afterDelete = invocations("tick-cat");
        await().atMost(WAIT).during(Duration.ofSeconds(3)).until(() -> invocations("tick-cat") <= afterDelete + 1);
        api.get("/system/schedules")
                .expectBody()
                .jsonPath("$[?(@.function == 'tick-cat')]")
                .isEmpty();
    }

    @Test
    void firesAgainAfterTheGatewayIsStoppedAndStartedAgain() {
        // What Spring does to a cached test context it switches away from, and back to.
        refresher.stop();
        refresher.start();
        api.deploy(scheduled("tick-restart", "cat", "* * * * * *", ""));

        await().atMost(WAIT).until(() -> invocations("tick-restart") >= 2);
    }

    @Test
    void skipsTicksWhileThePreviousCallStillRuns() {
        api.deploy(scheduled("tick-slow", "sleep 2", "* * * * * *", ""));
        Schedule schedule = scheduleOf("tick-slow", "* * * * * *");

        await().atMost(WAIT).until(() -> ledger.read(schedule).skipped() >= 2 && invocations("tick-slow") >= 1);
        ScheduleState state = ledger.read(schedule);
        // At most one call in flight: every fired tick but the running one has completed.
        assertThat(state.fired()).isLessThanOrEqualTo((long) invocations("tick-slow") + 1);
    }

    @Test
    void aRunningCallRenewsItsMarkSoALeaseShorterThanTheCallStillSkipsTicks() {
        // Not annotated: only this test's scheduler, with a lease of 600 ms, fires it. A 2 s call
        // outlives three leases; without the renewals every tick would start a call beside it.
        api.deploy(TestFunctions.classic("tick-leased", "sleep 2"));
        Schedule schedule = scheduleOf("tick-leased", "* * * * * *");
        Duration maxRun = Duration.ofSeconds(30);
        try (TickScheduler leased = new TickScheduler(
                ledger,
                new ScheduledCall(invoker, maxRun, Clock.systemUTC(), "leased"),
                Clock.systemUTC(),
                maxRun,
                Duration.ofMillis(600),
                false)) {
            leased.apply(List.of(schedule));

            await().atMost(WAIT).until(() -> ledger.read(schedule).skipped() >= 3 && invocations("tick-leased") >= 2);
            // At most one call in flight: every fired tick but the running one has completed.
            ScheduleState state = ledger.read(schedule);
            assertThat(state.fired()).isLessThanOrEqualTo((long) invocations("tick-leased") + 1);
            leased.apply(List.of());
        }
    }

    @Test
    void twoGatewaysSharingNatsFireEachTickOnce() {
        Instant deployed = Instant.now();
        api.deploy(scheduled("tick-shared", "cat", "* * * * * *", ""));
        Schedule schedule = scheduleOf("tick-shared", "* * * * * *");
        try (TickScheduler second = scheduler(false, "second-gateway")) {
            second.apply(List.of(schedule));
            // Between two ticks, when no call runs, every claimed tick has been called once.
            ScheduleState settled = await().atMost(WAIT)
                    .until(
                            () -> ledger.read(schedule),
                            state -> state.fired() >= 5
                                    && state.runningTick() == null
                                    && invocations("tick-shared") == state.fired());
            long ticks = Duration.between(deployed, settled.lastTick()).toSeconds() + 1;
            assertThat(settled.fired()).isLessThanOrEqualTo(ticks);
        }
    }

    @Test
    void firesATickMissedWhileNoGatewayRanOnceWhenConfigured() {
        Schedule hourly = new Schedule(
                "tick-missed", NAMESPACE, CronSchedule.parse("0 * * * *", ZoneOffset.UTC), Overlap.SKIP, false);
        ledger.forget(hourly);
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        ledger.change(hourly, state -> state.claimed(twoHoursAgo), true);

        try (TickScheduler skipping = scheduler(false, "skipping")) {
            skipping.apply(List.of(hourly));
            await().during(Duration.ofSeconds(2))
                    .until(() -> ledger.read(hourly).fired() == 0);
        }
        try (TickScheduler first = scheduler(true, "first");
                TickScheduler second = scheduler(true, "second")) {
            first.apply(List.of(hourly));
            second.apply(List.of(hourly));
            Instant missed =
                    hourly.cron().latestBetween(twoHoursAgo, Instant.now()).orElseThrow();
            await().atMost(WAIT)
                    .until(() -> missed.equals(ledger.read(hourly).lastTick())
                            && ledger.read(hourly).lastOutcome() != null);
            await().during(Duration.ofSeconds(2))
                    .until(() -> ledger.read(hourly).fired() == 1);
            // The function is not deployed: the call was made, and answered 404.
            assertThat(ledger.read(hourly).lastOutcome().status()).isEqualTo(404);
        }
        ledger.forget(hourly);
    }

    @Test
    void refusesABadCronExpressionAtDeployWithBadRequest() {
        api.send(HttpMethod.POST, "/system/functions", scheduled("tick-bad", "cat", "*/5 * *", ""))
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody(String.class)
                .value(body -> assertThat(body)
                        .startsWith("validation failed: annotation schedule: \"*/5 * *\" has 3 fields"
                                + " (expected: 5, minute first, or 6 with seconds first)"));
    }

    @Test
    void refusesAnUnknownTimeZoneAtDeployWithBadRequest() {
        String zone = ",\"dev.edgeway.schedule.timezone\":\"Mars/Olympus\"";
        api.send(HttpMethod.PUT, "/system/functions", scheduled("tick-bad", "cat", "*/5 * * * *", zone))
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .value(
                        body -> assertThat(body)
                                .startsWith(
                                        "validation failed: annotation dev.edgeway.schedule.timezone: \"Mars/Olympus\" is not a time zone"));
    }

    @Test
    void anAsyncScheduleGoesThroughTheQueueAndSkipsTicksWhileItsCallIsQueuedOrRunning() {
        api.deploy(scheduled("tick-async", "sleep 2", "* * * * * *", ",\"async\":\"true\""));
        Schedule schedule = scheduleOf("tick-async", "* * * * * *");

        ScheduleState queued = await().atMost(WAIT)
                .until(
                        () -> ledger.read(schedule),
                        state -> state.lastOutcome() != null
                                && ScheduledCall.QUEUED.equals(
                                        state.lastOutcome().result()));
        api.get("/system/async/calls/" + queued.lastOutcome().callId())
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.function")
                .isEqualTo("tick-async." + NAMESPACE);
        api.get("/system/schedules")
                .expectBody()
                .jsonPath("$[?(@.function == 'tick-async')].invocation")
                .isEqualTo("async");

        await().atMost(WAIT).until(() -> ledger.read(schedule).skipped() >= 2 && invocations("tick-async") >= 1);
        // At most one call queued or running: every fired tick but the latest has been called.
        assertThat(ledger.read(schedule).fired()).isLessThanOrEqualTo((long) invocations("tick-async") + 1);
    }

    @Test
    void aPipelineScheduleIsListedAndFiresEachTickOnceWithTwoGateways() {
        api.deploy(TestFunctions.classic("tick-step", "cat", "{\"combine_output\":\"false\"}"));
        definePipeline("ticking", "tick-step", "\"* * * * * *\"");
        Schedule schedule =
                Schedule.ofPipeline("ticking", CronSchedule.parse("* * * * * *", ZoneOffset.UTC), Overlap.SKIP, false);

        await().atMost(WAIT).untilAsserted(() -> api.get("/system/schedules")
                .expectBody()
                .jsonPath("$[?(@.pipeline == 'ticking')].invocation")
                .isEqualTo("sync"));
        try (TickScheduler second = new TickScheduler(
                ledger, scheduledCall, Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofSeconds(30), false)) {
            second.apply(List.of(schedule));
            // Between two ticks, when no run runs, every claimed tick has made one run.
            await().atMost(WAIT)
                    .until(
                            () -> ledger.read(schedule),
                            state -> state.fired() >= 3
                                    && state.runningTick() == null
                                    && runsOf("ticking") == state.fired()
                                    && "succeeded".equals(state.lastOutcome().result()));
        }

        client.delete()
                .uri("/system/pipelines/ticking")
                .header(HttpHeaders.AUTHORIZATION, credentials.header())
                .exchange()
                .expectStatus()
                .is2xxSuccessful();
        await().atMost(WAIT).untilAsserted(() -> api.get("/system/schedules")
                .expectBody()
                .jsonPath("$[?(@.pipeline == 'ticking')]")
                .isEmpty());
    }

    @Test
    void anAsyncPipelineScheduleQueuesBackgroundRunsAndSkipsWhileOneIsPending() {
        api.deploy(TestFunctions.classic("tick-sleep", "sleep 2", "{\"combine_output\":\"false\"}"));
        definePipeline("ticking-async", "tick-sleep", "{cron: \"* * * * * *\", async: true, overlap: skip}");
        Schedule schedule = Schedule.ofPipeline(
                "ticking-async", CronSchedule.parse("* * * * * *", ZoneOffset.UTC), Overlap.SKIP, true);

        ScheduleState queued = await().atMost(WAIT)
                .until(
                        () -> ledger.read(schedule),
                        state -> state.lastOutcome() != null
                                && ScheduledCall.QUEUED.equals(
                                        state.lastOutcome().result()));
        String runId = queued.lastOutcome().callId();
        assertThat(tasks.find(new TaskId(runId)))
                .hasValueSatisfying(
                        task -> assertThat(task.task().functionName()).isEqualTo("ticking-async"));

        await().atMost(WAIT).until(() -> ledger.read(schedule).skipped() >= 2 && runsOf("ticking-async") >= 1);
        ScheduleState state = ledger.read(schedule);
        // Each fired tick queued one background run, and never one beside a run still pending.
        assertThat(runsOf("ticking-async")).isBetween(state.fired() - 1, state.fired() + 1);
        assertThat(pendingRunsOf("ticking-async")).isLessThanOrEqualTo(1);
    }

    @Test
    void refusesAPipelineWithABadScheduleWhenItIsSaved() {
        client.put()
                .uri("/system/pipelines/tick-bad")
                .header(HttpHeaders.AUTHORIZATION, credentials.header())
                .contentType(MediaType.parseMediaType("application/yaml"))
                .bodyValue(pipeline("tick-bad", "tick-step", "{cron: \"*/5 * *\", timezone: Mars/Olympus}"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://edgeway.dev/problems/pipelines/invalid-definition")
                .jsonPath("$.violations[0].location")
                .isEqualTo("schedule.cron")
                .jsonPath("$.violations[0].message")
                .isEqualTo(
                        "schedule.cron: \"*/5 * *\" has 3 fields (expected: 5, minute first, or 6 with seconds first)")
                .jsonPath("$.violations[1].location")
                .isEqualTo("schedule.timezone");
    }

    private void definePipeline(String name, String step, String schedule) {
        client.put()
                .uri("/system/pipelines/" + name)
                .header(HttpHeaders.AUTHORIZATION, credentials.header())
                .contentType(MediaType.parseMediaType("application/yaml"))
                .bodyValue(pipeline(name, step, schedule))
                .exchange()
                .expectStatus()
                .is2xxSuccessful();
    }

    private static String pipeline(String name, String step, String schedule) {
        return "name: " + name + "\nschedule: " + schedule + "\nsteps:\n  - id: only\n    function: " + step + "\n";
    }

    private long runsOf(String pipeline) {
        return tasksOf(pipeline).count();
    }

    private long pendingRunsOf(String pipeline) {
        return tasksOf(pipeline)
                .filter(task -> !StateStoreRunStore.hasEnded(task.task().status()))
                .count();
    }

    private Stream<StoredTask> tasksOf(String pipeline) {
        return tasks.ids().stream()
                .map(id -> tasks.find(new TaskId(id)))
                .flatMap(Optional::stream)
                .filter(task -> task.task().functionName().equals(pipeline));
    }

    private TickScheduler scheduler(boolean catchUp, String gateway) {
        Duration maxRun = Duration.ofSeconds(30);
        return new TickScheduler(
                ledger,
                new ScheduledCall(invoker, maxRun, Clock.systemUTC(), gateway),
                Clock.systemUTC(),
                maxRun,
                Duration.ofSeconds(30),
                catchUp);
    }

    private double invocations(String function) {
        return metrics.invocationCount(function + "." + NAMESPACE);
    }

    private static Schedule scheduleOf(String function, String cron) {
        return new Schedule(function, NAMESPACE, CronSchedule.parse(cron, ZoneOffset.UTC), Overlap.SKIP, false);
    }

    private static String scheduled(String service, String envProcess, String cron, String moreAnnotations) {
        return """
                {"service":"%s","image":"local","envProcess":"%s",
                 "annotations":{"topic":"cron-function","schedule":"%s"%s}}""".formatted(service, envProcess, cron, moreAnnotations);
    }
}
