package dev.edgeway.gateway.provider.local;

import static dev.edgeway.gateway.provider.local.TestFunctions.NS;
import static dev.edgeway.gateway.provider.local.TestFunctions.WAIT;
import static dev.edgeway.gateway.provider.local.TestFunctions.answer;
import static dev.edgeway.gateway.provider.local.TestFunctions.deployment;
import static dev.edgeway.gateway.provider.local.TestFunctions.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.VersionInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

/**
 * Bursts of simultaneous calls to a classic function with the default limits: every call is
 * answered, with its own output or with a 429 once the queue is full.
 */
@Timeout(120)
class ForkBurstIT {

    /** Long enough for a few thousand forks on a busy machine; a hang never ends. */
    private static final Duration BURST = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private GatewayProperties properties;
    private HttpUpstreams upstreams;
    private LocalProvider provider;

    @BeforeEach
    void start() {
        upstreams = new HttpUpstreams(4, Duration.ofSeconds(10));
        properties = TestFunctions.bound(dir.resolve("data"), Map.of());
        provider = new LocalProvider(properties, upstreams, new VersionInfo(null, "t", "t"));
    }

    @AfterEach
    void stop() {
        provider.destroy();
        upstreams.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 3000})
    void answersEveryCallOfABurst(int calls) {
        provider.deploy(deployment("cat", "cat")).block(WAIT);
        FunctionUpstream cat = provider.upstream("cat", NS).block(WAIT);

        List<String> answers = Flux.range(0, calls)
                .flatMap(
                        i -> answer(cat, post("cat", "call " + i))
                                .map(answer ->
                                        answer.status() == 200 && answer.body().equals("call " + i)
                                                ? "echoed"
                                                : answer.status() + " " + answer.body()),
                        calls)
                .collectList()
                .block(BURST);

        assertThat(answers).hasSize(calls).allSatisfy(answer -> assertThat(answer)
                .matches("echoed|429 Concurrent request limit exceeded\\. Max concurrent requests: \\d+\n"));
        // More than one round of slots served the burst: a slot is reused once its process exits.
        assertThat(answers.stream().filter("echoed"::equals).count())
                .isGreaterThan(properties.local().maxForksPerFunction());
    }
}
