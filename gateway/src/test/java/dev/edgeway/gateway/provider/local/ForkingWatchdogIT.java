package dev.edgeway.gateway.provider.local;

import static dev.edgeway.gateway.provider.local.TestFunctions.NS;
import static dev.edgeway.gateway.provider.local.TestFunctions.WAIT;
import static dev.edgeway.gateway.provider.local.TestFunctions.call;
import static dev.edgeway.gateway.provider.local.TestFunctions.deployment;
import static dev.edgeway.gateway.provider.local.TestFunctions.get;
import static dev.edgeway.gateway.provider.local.TestFunctions.post;
import static dev.edgeway.gateway.provider.local.TestFunctions.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.invoke.InvocationResult;
import dev.edgeway.gateway.invoke.UpstreamException;
import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.LogEntry;
import dev.edgeway.gateway.provider.LogRequest;
import dev.edgeway.gateway.provider.VersionInfo;
import dev.edgeway.gateway.provider.local.TestFunctions.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/** Classic functions: a real process forked for every call. */
@Timeout(60)
class ForkingWatchdogIT {

    @TempDir
    Path dir;

    private HttpUpstreams upstreams;
    private LocalProvider provider;

    @BeforeEach
    void start() {
        upstreams = new HttpUpstreams(4, Duration.ofSeconds(10));
        provider = new LocalProvider(
                TestFunctions.properties(dir.resolve("data")), upstreams, new VersionInfo(null, "t", "t"));
    }

    @AfterEach
    void stop() {
        provider.destroy();
        upstreams.close();
    }

    private FunctionUpstream deployed(FunctionDeployment deployment) {
        provider.deploy(deployment).block(WAIT);
        return provider.upstream(deployment.service(), NS).block(WAIT);
    }

    @Test
    void streamsTheRequestBodyThroughTheProcess() {
        FunctionUpstream cat = deployed(deployment("cat", "cat"));

        Answer answer = call(cat, post("cat", "hello, function"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("hello, function");
        // Held until the exit, so the duration is known, as the classic watchdog sends it.
        assertThat(answer.headers().getFirst("X-Duration-Seconds")).matches("\\d+\\.\\d{6}");
    }

    @Test
    void describesTheRequestInCgiVariablesAndPassesOnlyTheFunctionsEnvironment() {
        FunctionUpstream env = deployed(deployment("env", "env", Map.of("greeting", "hi")));
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Call-Id", "call-1");
        headers.add("Host", "gateway.local:8080");
        Invocation invocation =
                new Invocation("env", NS, HttpMethod.GET, "/orders/7", "limit=2", headers, Flux.empty(), false);

        List<String> lines = Arrays.asList(call(env, invocation).body().split("\n"));

        assertThat(lines)
                .contains(
                        "Http_Method=GET",
                        "Http_Path=/orders/7",
                        "Http_Query=limit=2",
                        "Http_X_Call_Id=call-1",
                        "Http_Host=gateway.local:8080",
                        "Http_ContentLength=0",
                        "Http_Content_Length=0",
                        "greeting=hi",
                        "fprocess=env")
                .anyMatch(line -> line.startsWith("secret_mount_path=/"))
                .noneMatch(line -> line.startsWith("JAVA_HOME="));
    }

    @Test
    void keepsTheDeploymentsHttpVariablesOverTheCallersHeaders() {
        FunctionUpstream env = deployed(deployment("env", "env", Map.of("Http_X_Role", "reader")));
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Role", "admin");
        headers.add("X-Other", "passed");
        Invocation invocation = new Invocation("env", NS, HttpMethod.GET, "/", null, headers, Flux.empty(), false);

        List<String> lines = Arrays.asList(call(env, invocation).body().split("\n"));

        assertThat(lines).contains("Http_X_Role=reader", "Http_X_Other=passed").doesNotContain("Http_X_Role=admin");
    }

    @Test
    void answersWithTheFunctionsOrTheRequestsContentType() throws Exception {
        FunctionUpstream forced = deployed(deployment("forced", "cat", Map.of("content_type", "application/json")));
        FunctionUpstream echoed = deployed(deployment("echoed", "cat"));
        Invocation xml = post("echoed", "<a/>");
        xml.headers().set(HttpHeaders.CONTENT_TYPE, "application/xml");

        assertThat(call(forced, post("forced", "{}")).headers().getFirst(HttpHeaders.CONTENT_TYPE))
                .isEqualTo("application/json");
        assertThat(call(echoed, xml).headers().getFirst(HttpHeaders.CONTENT_TYPE))
                .isEqualTo("application/xml");
        assertThat(call(echoed, get("echoed")).headers().getFirst(HttpHeaders.CONTENT_TYPE))
                .isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void combinesStderrWithStdoutByDefault() throws Exception {
        Path both = script(dir, "both.sh", "#!/bin/sh\necho out\necho err >&2\n");
        FunctionUpstream combined = deployed(deployment("combined", both.toString()));
        FunctionUpstream separate =
                deployed(deployment("separate", both.toString(), Map.of("combine_output", "false")));

        assertThat(call(combined, get("combined")).body()).contains("out\n").contains("err\n");
        assertThat(call(separate, get("separate")).body()).isEqualTo("out\n");
        await().atMost(WAIT).until(() -> logText("separate").contains("stderr: err"));
    }

    @Test
    void killsAProcessThatExceedsExecTimeoutWith408() {
        FunctionUpstream sleepy = deployed(deployment("sleepy", "sleep 30", Map.of("exec_timeout", "500ms")));

        Answer answer = call(sleepy, get("sleepy"));

        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.body()).isEqualTo("Killed process.\n");
        assertThat(logText("sleepy")).contains("Killing process: sleep 30");
    }

    @Test
    void breaksTheBodyWhenExecTimeoutStrikesAfterOutputStarted() throws Exception {
        // More than is held back for the exit, so the status goes out before the process ends.
        Path slow = script(
                dir, "slow.sh", "#!/bin/sh\nhead -c " + (ForkedCall.HOLD + 1) + " /dev/zero\nsleep 30\necho never\n");
        FunctionUpstream function = deployed(deployment("slow", slow.toString(), Map.of("exec_timeout", "1s")));

        InvocationResult result = function.exchange(get("slow")).block(WAIT);

        assertThat(result.status()).isEqualTo(200);
        assertThatThrownBy(() -> DataBufferUtils.join(result.body()).block(WAIT))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("exceeded exec_timeout PT1S")
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void answers500WithTheExitStatusWhenTheProcessFailsBeforeAnyOutput() throws Exception {
        Path crash = script(dir, "crash.sh", "#!/bin/sh\necho 'no such table' >&2\nexit 3\n");
        FunctionUpstream function = deployed(deployment("crash", crash.toString(), Map.of("combine_output", "false")));

        Answer answer = call(function, get("crash"));

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("exit status 3\nno such table\n");
        assertThat(answer.headers().getFirst("X-Duration-Seconds")).matches("\\d+\\.\\d{6}");
    }

    @Test
    void answers500WithTheExitStatusFollowedByTheOutputWhenTheProcessFailsAfterPrinting() throws Exception {
        Path crash = script(dir, "half.sh", "#!/bin/sh\necho 'step 1 done'\nexit 2\n");
        FunctionUpstream function = deployed(deployment("half", crash.toString()));

        Answer answer = call(function, get("half"));

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("exit status 2\nstep 1 done\n");
    }

    @Test
    void breaksTheBodyWhenTheProcessFailsAfterALargeOutputStreamed() throws Exception {
        Path crash = script(dir, "large.sh", "#!/bin/sh\nhead -c " + (ForkedCall.HOLD * 3) + " /dev/zero\nexit 4\n");
        FunctionUpstream function = deployed(deployment("large", crash.toString()));

        InvocationResult result = function.exchange(get("large")).block(WAIT);

        assertThat(result.status()).isEqualTo(200);
        assertThatThrownBy(() -> DataBufferUtils.join(result.body()).block(WAIT))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("exit status 4");
    }

    @Test
    void answers500WhenTheProgramCannotBeStarted() {
        FunctionUpstream function = deployed(deployment("missing", "/no/such/program"));

        Answer answer = call(function, get("missing"));

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).contains("/no/such/program");
    }

    @Test
    void streamsLargeOutputWithBackPressure() throws Exception {
        long size = 10L * 1024 * 1024;
        Path done = dir.resolve("done");
        Path big = script(dir, "big.sh", "#!/bin/sh\nhead -c " + size + " /dev/zero\ntouch \"$marker\"\n");
        FunctionUpstream function = deployed(deployment("big", big.toString(), Map.of("marker", done.toString())));
        InvocationResult result = function.exchange(get("big")).block(WAIT);
        AtomicLong bytes = new AtomicLong();
        AtomicInteger largest = new AtomicInteger();
        AtomicBoolean complete = new AtomicBoolean();
        BaseSubscriber<DataBuffer> reader = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(1);
            }

            @Override
            protected void hookOnNext(DataBuffer buffer) {
                bytes.addAndGet(buffer.readableByteCount());
                largest.accumulateAndGet(buffer.readableByteCount(), Math::max);
                DataBufferUtils.release(buffer);
            }

            @Override
            protected void hookOnComplete() {
                complete.set(true);
            }
        };

        result.body().subscribe(reader);
        // Nothing is read ahead: the process waits on a full pipe while the caller reads nothing.
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> !Files.exists(done));
        reader.requestUnbounded();

        await().atMost(WAIT).untilTrue(complete);
        assertThat(bytes.get()).isEqualTo(size);
        assertThat(largest.get()).isLessThanOrEqualTo(64 * 1024);
        await().atMost(WAIT).until(() -> Files.exists(done));
    }

    @Test
    void logsEveryCallLikeTheClassicWatchdog() {
        FunctionUpstream cat = deployed(deployment("logged", "cat"));

        call(cat, post("logged", "12345"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(logText("logged"))
                .contains("Forking fprocess.")
                .containsPattern(
                        "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} Wrote 5 Bytes - Duration: \\d+\\.\\d{6}s\n"));
    }

    @Test
    void followersSeeEachCallAsItHappens() {
        FunctionUpstream cat = deployed(deployment("followed", "cat"));
        List<String> seen = new CopyOnWriteArrayList<>();
        Disposable follower = provider.logs(new LogRequest("followed", NS, "followed", 0, true, null))
                .map(LogEntry::text)
                .subscribe(seen::add);

        try {
            call(cat, post("followed", "abc"));

            await().atMost(WAIT).untilAsserted(() -> assertThat(String.join("", seen))
                    .contains("Forking fprocess.\n")
                    .containsPattern("Wrote 3 Bytes - Duration: \\d+\\.\\d{6}s\n"));
        } finally {
            follower.dispose();
        }
    }

    private String logText(String function) {
        List<LogEntry> entries = provider.logs(new LogRequest(function, NS, null, -1, false, null))
                .collectList()
                .block(WAIT);
        return String.join("", entries.stream().map(LogEntry::text).toList());
    }
}
