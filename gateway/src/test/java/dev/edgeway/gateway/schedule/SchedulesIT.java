package dev.edgeway.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.metrics.FunctionMetrics;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.SystemApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Schedules on the shared gateway, with second-resolution expressions (Edgeway's 6-field
 * extension) to stay fast, real function processes and the embedded nats-server.
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

    SystemApi api;

    @BeforeEach
    void setUp() {
        api = new SystemApi(client, credentials);
    }

    @AfterEach
    void removeFunctions() {
        List.of("tick-cat", "tick-slow", "tick-shared", "tick-restart").forEach(api::remove);
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

    private TickScheduler scheduler(boolean catchUp, String gateway) {
        Duration maxRun = Duration.ofSeconds(30);
        return new TickScheduler(
                ledger,
                new ScheduledCall(invoker, maxRun, Clock.systemUTC(), gateway),
                Clock.systemUTC(),
                maxRun,
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
