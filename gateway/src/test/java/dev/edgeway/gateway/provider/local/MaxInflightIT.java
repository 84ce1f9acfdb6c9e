package dev.edgeway.gateway.provider.local;

import static dev.edgeway.gateway.provider.local.TestFunctions.NS;
import static dev.edgeway.gateway.provider.local.TestFunctions.WAIT;
import static dev.edgeway.gateway.provider.local.TestFunctions.answer;
import static dev.edgeway.gateway.provider.local.TestFunctions.deployment;
import static dev.edgeway.gateway.provider.local.TestFunctions.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.VersionInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Flux;

/** {@code max_inflight}: beyond it a call is answered 429 at once, in classic and in HTTP mode. */
@Timeout(90)
class MaxInflightIT {

    @TempDir
    static Path dir;

    private static HttpUpstreams upstreams;
    private static LocalProvider provider;

    @BeforeAll
    static void start() {
        upstreams = new HttpUpstreams(8, Duration.ofSeconds(30));
        Path data = dir.resolve("data");
        provider = new LocalProvider(
                TestFunctions.properties(data, data.resolve("mount")), upstreams, new VersionInfo(null, "t", "t"));
    }

    @AfterAll
    static void stop() {
        provider.destroy();
        upstreams.close();
    }

    @Test
    void aClassicFunctionAnswers429BeyondItsMaxInflight() throws IOException {
        Path slow = script(dir, "slow.sh", "#!/bin/sh\nsleep 4\necho done\n");
        provider.deploy(deployment("slow", slow.toString(), Map.of("max_inflight", "1")))
                .block(WAIT);

        List<TestFunctions.Answer> answers =
                threeAtOnce(provider.upstream("slow", NS).block(WAIT), "/", null);

        assertThat(answers).extracting(TestFunctions.Answer::status).containsExactlyInAnyOrder(200, 429, 429);
        assertThat(answers).filteredOn(a -> a.status() == 429).allSatisfy(a -> {
            assertThat(a.body()).isEqualTo("Concurrent request limit exceeded. Max concurrent requests: 1\n");
            assertThat(a.headers().getFirst("X-OpenFaaS-Internal")).isEqualTo("faas-middleware");
        });
    }

    @Test
    void anHttpModeReplicaAnswers429BeyondItsMaxInflight() {
        Path server = dev.edgeway.gateway.support.TestFunctions.script("echo_server.py");
        provider.deploy(deployment("sleepy", "python3 " + server, Map.of("mode", "http", "max_inflight", "2")))
                .block(WAIT);
        await().atMost(WAIT)
                .until(() -> provider.status("sleepy", NS).block(WAIT).availableReplicas() == 1);
        FunctionUpstream upstream = provider.upstream("sleepy", NS).block(WAIT);

        List<TestFunctions.Answer> answers = threeAtOnce(upstream, "/sleep", "s=4");

        assertThat(answers).extracting(TestFunctions.Answer::status).containsExactlyInAnyOrder(200, 200, 429);
        // The slots are given back once the answers are done.
        assertThat(threeAtOnce(upstream, "/sleep", "s=0"))
                .extracting(TestFunctions.Answer::status)
                .contains(200, 200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "many", "1.5", "99999999999"})
    void refusesAMaxInflightThatIsNotAWholeNumberAboveZero(String value) {
        assertThatThrownBy(() -> provider.deploy(deployment("bad", "cat", Map.of("max_inflight", value)))
                        .block(WAIT))
                .isInstanceOf(ProviderException.class)
                .hasMessage("validation failed: envVars.max_inflight: " + value + " is not a whole number above 0");
    }

    private static List<TestFunctions.Answer> threeAtOnce(FunctionUpstream upstream, String path, String query) {
        return Flux.range(0, 3)
                .flatMap(i -> answer(
                        upstream,
                        new Invocation("f", NS, HttpMethod.GET, path, query, new HttpHeaders(), Flux.empty(), false)))
                .collectList()
                .block(WAIT);
    }
}
