package dev.edgeway.dag.run;

import static dev.edgeway.dag.support.TestDags.dag;
import static dev.edgeway.dag.support.TestDags.step;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.linearize.Linearizer;
import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.model.RetryPolicy;
import dev.edgeway.dag.model.StepId;
import dev.edgeway.dag.support.InMemoryRunStore;
import dev.edgeway.dag.support.ManualClock;
import dev.edgeway.dag.support.RecordingSleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChainRunnerTest {

    private final InMemoryRunStore store = new InMemoryRunStore();
    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final List<StepCall> calls = new CopyOnWriteArrayList<>();

    private static Chain chain(Dag dag) {
        return new Linearizer().linearize(dag);
    }

    /** A step target that answers at once: its output, or the exception it throws as a failed stage. */
    @FunctionalInterface
    private interface Answer {
        byte[] answer(StepCall call) throws Exception;
    }

    private ChainRunner runner(Answer answer) {
        return stages(call -> {
            try {
                return CompletableFuture.completedFuture(Payload.of(answer.answer(call)));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    private ChainRunner stages(StepInvoker invoker) {
        return new ChainRunner(
                call -> {
                    calls.add(call);
                    return invoker.invoke(call);
                },
                store,
                clock,
                sleeper);
    }

    private static String text(StepCall call) {
        return new String(call.input(), UTF_8);
    }

    private String output(String runId, String step) {
        return new String(store.output(runId, StepId.of(step)).orElseThrow().bytes(), UTF_8);
    }

    private List<String> calledSteps() {
        return calls.stream().map(c -> c.step().id().value()).toList();
    }

    @Test
    void passesInputAlongTheChainAndKeepsEveryOutput() {
        Chain chain = chain(dag(step("upper"), step("exclaim", "upper")));
        RunState state = runner(call -> switch (call.step().id().value()) {
                    case "upper" -> text(call).toUpperCase().getBytes(UTF_8);
                    default -> (text(call) + "!").getBytes(UTF_8);
                })
                .run(chain, "run-1", "hello".getBytes(UTF_8));
        assertThat(state.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(state.steps()).extracting(StepState::status).containsOnly(StepStatus.DONE);
        assertThat(state.steps()).extracting(StepState::attempts).containsOnly(1);
        assertThat(output("run-1", "upper")).isEqualTo("HELLO");
        assertThat(output("run-1", "exclaim")).isEqualTo("HELLO!");
        assertThat(store.load("run-1")).contains(state);
    }

    @Test
    void givesEveryFirstStepThePipelineInputAndAFanInStepAJsonObjectByParent() {
        Chain chain = chain(dag(
                step("json"),
                step("text"),
                step("number"),
                step("empty"),
                step("merge", "text", "json", "number", "empty")));
        runner(call -> switch (call.step().id().value()) {
                    case "json" -> ("{\"seen\":\"" + text(call) + "\",\"n\":1.50}").getBytes(UTF_8);
                    case "text" -> ("plain " + text(call)).getBytes(UTF_8);
                    case "number" -> "42".getBytes(UTF_8);
                    case "empty" -> new byte[0];
                    default -> call.input();
                })
                .run(chain, "run-2", "in".getBytes(UTF_8));
        assertThat(output("run-2", "merge"))
                .isEqualTo(
                        "{\"text\":\"plain in\",\"json\":{\"seen\":\"in\",\"n\":1.50},\"number\":42,\"empty\":\"\"}");
    }

    @Test
    void sendsRunAndStepHeadersAndTheConfig() {
        Chain chain = chain(dag(step("a").withConfig(Map.of("model", "café"))));
        runner(call -> new byte[0]).run(chain, "run-3", new byte[0]);
        assertThat(calls.getFirst().headers())
                .containsEntry(StepHeaders.RUN_ID, "run-3")
                .containsEntry(StepHeaders.TASK_ID, "run-3")
                .containsEntry(StepHeaders.PIPELINE, "test")
                .containsEntry(StepHeaders.STEP_ID, "a")
                .containsEntry(StepHeaders.ATTEMPT, "1")
                .containsEntry(StepHeaders.CONFIG, "{\"model\":\"caf\\u00E9\"}");
    }

    @Test
    void stopsAtTheFirstFailingStepThenResumesWithoutCallingEarlierSteps() {
        Chain chain = chain(dag(step("a"), step("b", "a"), step("c", "b")));
        boolean[] fixed = {false};
        Answer invoker = call -> {
            if (call.step().id().value().equals("b") && !fixed[0]) {
                throw new IllegalStateException("model file missing");
            }
            return (text(call) + call.step().id()).getBytes(UTF_8);
        };
        RunState failed = runner(invoker).run(chain, "run-4", ">".getBytes(UTF_8));
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.stoppedAt()).isEqualTo(StepId.of("b"));
        assertThat(failed.reason()).isEqualTo("step b failed: model file missing");
        assertThat(failed.steps())
                .extracting(StepState::status)
                .containsExactly(StepStatus.DONE, StepStatus.FAILED, StepStatus.PENDING);
        assertThat(failed.step(StepId.of("b")).orElseThrow().error()).isEqualTo("model file missing");
        assertThat(calledSteps()).containsExactly("a", "b");

        fixed[0] = true;
        calls.clear();
        RunState resumed = runner(invoker).resume(chain, "run-4");
        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(resumed.stoppedAt()).isNull();
        assertThat(calledSteps()).containsExactly("b", "c");
        assertThat(output("run-4", "c")).isEqualTo(">abc");
        assertThat(resumed.step(StepId.of("b")).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void retriesWithBackoffUntilTheStepAnswers() {
        RetryPolicy retries = new RetryPolicy(4, Duration.ofMillis(100), 2.0, Duration.ofMillis(300));
        Chain chain = chain(dag(step("flaky").withRetries(retries)));
        RunState state = runner(call -> {
                    if (call.attempt() < 4) {
                        throw new IllegalStateException("busy");
                    }
                    return "ok".getBytes(UTF_8);
                })
                .run(chain, "run-5", new byte[0]);
        assertThat(state.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(sleeper.waits())
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
        StepState flaky = state.steps().getFirst();
        assertThat(flaky.attempts()).isEqualTo(4);
        assertThat(flaky.duration()).contains(Duration.ofMillis(600));
        assertThat(calls).extracting(StepCall::attempt).containsExactly(1, 2, 3, 4);
    }

    @Test
    void failsTheStepWhenItsRetriesAreSpent() {
        Chain chain = chain(dag(step("down").withRetries(RetryPolicy.of(2))));
        RunState state = runner(call -> {
                    throw new IllegalStateException("connection refused");
                })
                .run(chain, "run-6", new byte[0]);
        assertThat(state.status()).isEqualTo(RunStatus.FAILED);
        assertThat(state.reason()).isEqualTo("step down failed: connection refused (after 3 attempts)");
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void failsAStepThatTakesLongerThanItsTimeout() {
        Chain chain = chain(dag(step("slow").withTimeout(Duration.ofMillis(50)), step("next", "slow")));
        CompletableFuture<Payload> never = new CompletableFuture<>();
        RunState state = stages(call -> never).run(chain, "run-7", new byte[0]);
        assertThat(never).as("the call is stopped when its timeout passes").isCancelled();
        assertThat(state.status()).isEqualTo(RunStatus.FAILED);
        assertThat(state.stoppedAt()).isEqualTo(StepId.of("slow"));
        assertThat(state.reason())
                .isEqualTo("step slow failed: timeout: PT0.05S (expected: an answer within the step's timeout)");
        assertThat(calledSteps()).containsExactly("slow");
    }

    @Test
    void cancelStopsTheRunningStepAndAResumeRunsIt() throws Exception {
        Chain chain = chain(dag(step("a"), step("b", "a"), step("c", "b")));
        CountDownLatch bStarted = new CountDownLatch(1);
        CompletableFuture<Payload> bCall = new CompletableFuture<>();
        ChainRunner runner = stages(call -> {
            if (call.step().id().value().equals("b")) {
                bStarted.countDown();
                return bCall;
            }
            return CompletableFuture.completedFuture(Payload.of("x".getBytes(UTF_8)));
        });
        var run = CompletableFuture.supplyAsync(() -> runner.run(chain, "run-8", new byte[0]));
        assertThat(bStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.cancel("run-8")).isTrue();
        RunState cancelled = run.get(10, TimeUnit.SECONDS);
        assertThat(bCall).as("the call in flight is stopped").isCancelled();
        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(cancelled.stoppedAt()).isEqualTo(StepId.of("b"));
        assertThat(cancelled.steps())
                .extracting(StepState::status)
                .containsExactly(StepStatus.DONE, StepStatus.PENDING, StepStatus.PENDING);
        assertThat(runner.cancel("run-8")).isFalse();

        calls.clear();
        RunState resumed = runner(call -> "y".getBytes(UTF_8)).resume(chain, "run-8");
        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(calledSteps()).containsExactly("b", "c");
    }

    @Test
    void refusesToReuseARunIdOrResumeAnUnknownRunOrAnotherChain() {
        Chain chain = chain(dag(step("a")));
        ChainRunner runner = runner(call -> new byte[0]);
        runner.run(chain, "run-9", new byte[0]);
        assertThatThrownBy(() -> runner.run(chain, "run-9", new byte[0]))
                .hasMessage("runId: run-9 (expected: a new run id)");
        assertThatThrownBy(() -> runner.resume(chain, "nope"))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("runId: nope (expected: an existing run)");
        assertThat(runner.resume(chain, "run-9").status()).isEqualTo(RunStatus.SUCCEEDED);
        store.save(store.load("run-9").orElseThrow().finished(RunStatus.FAILED, null, "x", clock.instant()));
        assertThatThrownBy(() -> runner.resume(chain(dag(step("b"))), "run-9"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("run run-9: steps [a] (expected: the steps of the chain");
    }

    @Test
    void givesAStepItsParentsContentTypeAndAFanInJson() {
        Chain chain = chain(dag(step("csv"), step("parse", "csv"), step("other"), step("merge", "parse", "other")));
        stages(call -> CompletableFuture.completedFuture(
                        call.step().id().value().equals("csv")
                                ? new Payload("a,b".getBytes(UTF_8), "text/csv")
                                : Payload.of("1".getBytes(UTF_8))))
                .run(chain, "run-10", new byte[0]);
        assertThat(calls)
                .extracting(c -> c.step().id().value(), StepCall::contentType)
                .containsExactly(
                        tuple("csv", null),
                        tuple("parse", "text/csv"),
                        tuple("other", null),
                        tuple("merge", "application/json"));
        assertThat(store.output("run-10", StepId.of("csv")).orElseThrow().contentType())
                .isEqualTo("text/csv");
    }

    @Test
    void aReservedRunIsActiveUntilItHasExecutedOrIsReleased() {
        Chain chain = chain(dag(step("a")));
        ChainRunner runner = runner(call -> new byte[0]);
        assertThat(runner.reserve("run-11")).isTrue();
        assertThat(runner.reserve("run-11")).isFalse();
        assertThat(runner.isActive("run-11")).isTrue();
        assertThat(runner.run(chain, "run-11", new byte[0]).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(runner.isActive("run-11")).isFalse();

        assertThat(runner.reserve("run-12")).isTrue();
        runner.release("run-12");
        assertThat(runner.isActive("run-12")).isFalse();
    }

    @Test
    void refusesToResumeARunPlannedFromOtherStepsNamingBoth() {
        Chain chain = chain(dag(step("a"), step("b", "a")));
        ChainRunner runner = runner(call -> {
            throw new IllegalStateException("down");
        });
        runner.run(chain, "run-13", new byte[0]);
        assertThatThrownBy(() -> runner.resumable(chain(dag(step("a"))), "run-13"))
                .isInstanceOfSatisfying(ChainChangedException.class, e -> {
                    assertThat(e.planned()).containsExactly(StepId.of("a"), StepId.of("b"));
                    assertThat(e.chain()).containsExactly(StepId.of("a"));
                });
        assertThat(runner.resumable(chain, "run-13").status()).isEqualTo(RunStatus.FAILED);
    }
}
