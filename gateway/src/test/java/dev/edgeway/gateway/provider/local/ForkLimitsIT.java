package dev.edgeway.gateway.provider.local;

import static dev.edgeway.gateway.provider.local.TestFunctions.NS;
import static dev.edgeway.gateway.provider.local.TestFunctions.WAIT;
import static dev.edgeway.gateway.provider.local.TestFunctions.answer;
import static dev.edgeway.gateway.provider.local.TestFunctions.call;
import static dev.edgeway.gateway.provider.local.TestFunctions.deployment;
import static dev.edgeway.gateway.provider.local.TestFunctions.get;
import static dev.edgeway.gateway.provider.local.TestFunctions.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.invoke.InvocationResult;
import dev.edgeway.gateway.provider.VersionInfo;
import dev.edgeway.gateway.provider.local.TestFunctions.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

/** Classic calls run within the fork limits; the excess waits in a bounded queue, then gets 429. */
@Timeout(60)
class ForkLimitsIT {

    private static final String TOO_MANY = "Concurrent request limit exceeded. Max concurrent requests: 1\n";

    @TempDir
    Path dir;

    private final HttpUpstreams upstreams = new HttpUpstreams(4, Duration.ofSeconds(10));
    private LocalProvider provider;

    @AfterEach
    void stop() {
        provider.destroy();
        upstreams.close();
    }

    private void start(Map<String, String> limits) {
        provider = new LocalProvider(
                TestFunctions.bound(dir.resolve("data"), limits), upstreams, new VersionInfo(null, "t", "t"));
    }

    private FunctionUpstream deployed(String name, String fprocess) {
        provider.deploy(deployment(name, fprocess)).block(WAIT);
        return provider.upstream(name, NS).block(WAIT);
    }

    @Test
    void queuesACallBeyondTheLimitAndAnswers429OnceTheQueueIsFull() {
        start(Map.of("edgeway.gateway.local.max-forks-per-function", "1", "edgeway.gateway.local.fork-queue", "1"));
        FunctionUpstream cat = deployed("cat", "cat");
        Held running = Held.call(cat, "cat");

        // Subscribing enters the queue at once, on this thread.
        CompletableFuture<Answer> queued = answer(cat, post("cat", "queued")).toFuture();
        Answer turnedAway = call(cat, post("cat", "turned away"));
        running.finish();

        assertThat(turnedAway.status()).isEqualTo(429);
        assertThat(turnedAway.body()).isEqualTo(TOO_MANY);
        assertThat(turnedAway.headers().getFirst("X-OpenFaaS-Internal")).isEqualTo("faas-middleware");
        assertThat(queued.join()).satisfies(answer -> {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("queued");
        });
    }

    @Test
    void answers429WhenACallWaitedLongerThanTheQueueTimeout() {
        start(Map.of(
                "edgeway.gateway.local.max-forks-per-function", "1",
                "edgeway.gateway.local.fork-queue-timeout", "200ms"));
        FunctionUpstream cat = deployed("cat", "cat");
        Held running = Held.call(cat, "cat");

        Answer waited = call(cat, post("cat", "waits"));
        running.finish();

        assertThat(waited.status()).isEqualTo(429);
        assertThat(waited.body()).isEqualTo(TOO_MANY);
    }

    @Test
    void sharesTheOverallLimitBetweenFunctions() {
        start(Map.of("edgeway.gateway.local.max-forks", "1", "edgeway.gateway.local.fork-queue", "0"));
        FunctionUpstream first = deployed("first", "cat");
        FunctionUpstream second = deployed("second", "cat");
        Held running = Held.call(first, "first");

        Answer other = call(second, post("second", "hello"));
        running.finish();

        assertThat(other.status()).isEqualTo(429);
        assertThat(other.body()).isEqualTo(TOO_MANY);
        // The slot is freed by the held process's exit, which the JDK reports a moment after
        // the call's answer; with no queue, a call in that moment is refused.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(call(second, post("second", "hello")).body()).isEqualTo("hello"));
    }

    @Test
    void aCallerWhoLeavesTheQueueFreesItsPlace() {
        start(Map.of("edgeway.gateway.local.max-forks-per-function", "1", "edgeway.gateway.local.fork-queue", "1"));
        FunctionUpstream cat = deployed("cat", "cat");
        Held running = Held.call(cat, "cat");
        Disposable impatient = cat.exchange(post("cat", "gone")).subscribe();

        impatient.dispose();
        CompletableFuture<Answer> next = answer(cat, post("cat", "next")).toFuture();
        running.finish();

        assertThat(next.join().body()).isEqualTo("next");
    }

    @Test
    void givesTheSlotBackWhenTheProgramCannotBeStarted() {
        start(Map.of("edgeway.gateway.local.max-forks-per-function", "1", "edgeway.gateway.local.fork-queue", "0"));
        FunctionUpstream missing = deployed("missing", "/no/such/program");

        assertThat(call(missing, get("missing")).status()).isEqualTo(500);
        assertThat(call(missing, get("missing")).status()).isEqualTo(500);
    }

    @Test
    void killsAClassicCallAtTheDefaultExecTimeout() {
        start(Map.of("edgeway.gateway.local.exec-timeout", "500ms"));
        FunctionUpstream sleepy = deployed("sleepy", "sleep 30");

        Answer answer = call(sleepy, get("sleepy"));

        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.body()).isEqualTo("Killed process.\n");
    }

    /** A call whose process runs, holding its slot, until its request body ends. */
    private record Held(Sinks.Many<DataBuffer> body, InvocationResult result) {

        static Held call(FunctionUpstream upstream, String function) {
            Sinks.Many<DataBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
            // More than the output held back for the exit: cat echoes it, so the call has
            // answered while its process still runs.
            body.tryEmitNext(DefaultDataBufferFactory.sharedInstance.wrap(new byte[ForkedCall.HOLD + 1]));
            Invocation invocation =
                    new Invocation(function, NS, HttpMethod.POST, "/", null, new HttpHeaders(), body.asFlux(), true);
            return new Held(body, upstream.exchange(invocation).block(WAIT));
        }

        void finish() {
            body.tryEmitComplete();
            result.body().blockLast(WAIT);
        }
    }
}
