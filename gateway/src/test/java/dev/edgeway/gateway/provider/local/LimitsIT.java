package dev.edgeway.gateway.provider.local;

import static dev.edgeway.gateway.provider.local.TestFunctions.NS;
import static dev.edgeway.gateway.provider.local.TestFunctions.WAIT;
import static dev.edgeway.gateway.provider.local.TestFunctions.call;
import static dev.edgeway.gateway.provider.local.TestFunctions.get;
import static dev.edgeway.gateway.provider.local.TestFunctions.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionResources;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.VersionInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A deployment's {@code limits} on sandboxed local functions, and its malformed quantities refused. */
@Timeout(90)
class LimitsIT {

    private static final String ALLOCATE = "x = bytearray(256 * 1024 * 1024)\nprint('allocated 256Mi')\n";

    @TempDir
    static Path dir;

    private static HttpUpstreams upstreams;
    private static LocalProvider provider;

    @BeforeAll
    static void start() {
        upstreams = new HttpUpstreams(4, Duration.ofSeconds(10));
        Path data = dir.resolve("data");
        provider = new LocalProvider(
                TestFunctions.properties(data, data.resolve("mount")),
                upstreams,
                new VersionInfo(null, "t", "t"),
                Sandbox.start(SandboxMode.REQUIRED, Path.of("/usr/bin/bwrap"), List.of(data)));
    }

    @AfterAll
    static void stop() {
        provider.destroy();
        upstreams.close();
    }

    @Test
    void aFunctionCannotTakeMoreMemoryThanItsLimit() throws IOException {
        Path allocate = script(dir, "allocate.py", ALLOCATE);
        provider.deploy(deployment("small", "python3 " + allocate, resources("64Mi", null)))
                .block(WAIT);
        provider.deploy(deployment("large", "python3 " + allocate, resources("1Gi", "500m")))
                .block(WAIT);

        TestFunctions.Answer small = call(provider.upstream("small", NS).block(WAIT), get("small"));
        assertThat(small.status()).isEqualTo(500);
        assertThat(small.body()).contains("MemoryError");
        assertThat(call(provider.upstream("large", NS).block(WAIT), get("large"))
                        .body())
                .isEqualTo("allocated 256Mi\n");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "12Qi | | limits.memory: 12Qi is not a quantity",
                "-1 | | limits.memory: -1 must be more than 0",
                "1e99 | | limits.memory: 1e99 is more memory than any machine has",
                "128Mi | 1e99 | limits.cpu: 1e99 is more CPUs than any machine has",
                "128Mi | 12Qi | limits.cpu: 12Qi is not a quantity"
            })
    void refusesAMalformedLimitNamingTheField(String memory, @Nullable String cpu, String message) {
        FunctionDeployment bad = deployment("bad", "cat", resources(memory, cpu));

        assertThatThrownBy(() -> provider.deploy(bad).block(WAIT))
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.status().value()).isEqualTo(400))
                .hasMessageContaining(message);
        assertThat(provider.status("bad", NS).block(WAIT)).isNull();
    }

    @Test
    void refusesAMalformedRequestNamingTheField() {
        FunctionDeployment bad = new FunctionDeployment(
                "bad-request",
                "local",
                NS,
                "cat",
                Map.of(),
                List.of(),
                List.of(),
                Map.of(),
                Map.of(),
                null,
                resources("12Qi", null),
                false);

        assertThatThrownBy(() -> provider.deploy(bad).block(WAIT)).hasMessageContaining("requests.memory: 12Qi");
    }

    private static FunctionResources resources(String memory, @Nullable String cpu) {
        return new FunctionResources(memory, cpu, null, null, null);
    }

    /** With stderr apart, since a classic call's status is decided by its first output (issue 10). */
    private static FunctionDeployment deployment(String name, String fprocess, FunctionResources limits) {
        return new FunctionDeployment(
                name,
                "local",
                NS,
                fprocess,
                Map.of("combine_output", "false"),
                List.of(),
                List.of(),
                Map.of(),
                Map.of(),
                limits,
                null,
                false);
    }
}
