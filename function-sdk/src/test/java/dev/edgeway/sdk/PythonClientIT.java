package dev.edgeway.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.sdk.support.PackagedGateway;
import dev.edgeway.sdk.support.PythonRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Python client's unittest suite, run by Maven: its unit tests, and its live tests against
 * the packaged gateway (which skip themselves without {@code EDGEWAY_TEST_GATEWAY_URL}).
 */
class PythonClientIT {

    @RegisterExtension
    static final PackagedGateway gateway = new PackagedGateway();

    private static final Path PYTHON = Path.of(System.getProperty("edgeway.sdk.python", "python"));
    private static final Path EXAMPLES = Path.of(System.getProperty("edgeway.sdk.examples", "examples"));

    @Test
    void pythonClientTestsPassAgainstTheGateway() throws Exception {
        PythonRun.Result run = PythonRun.run(
                PYTHON,
                Map.of(
                        "EDGEWAY_TEST_GATEWAY_URL", gateway.url(),
                        "EDGEWAY_TEST_AUTH_USER", gateway.user(),
                        "EDGEWAY_TEST_AUTH_PASS", gateway.password()),
                "-m",
                "unittest",
                "discover",
                "-v",
                "-s",
                "tests",
                "-t",
                ".");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .as(run.output())
                .contains("test_variables_round_trip (tests.test_live_gateway.LiveGatewayTest")
                .doesNotContain("EDGEWAY_TEST_GATEWAY_URL is not set")
                .containsPattern("(?m)^OK");
    }

    @Test
    void dataProcessingExampleStepsPass() throws Exception {
        PythonRun.Result run =
                PythonRun.run(EXAMPLES.resolve("data-processing"), Map.of(), "-m", "unittest", "-v", "test_handler");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).as(run.output()).contains("test_three_steps_without_pandas_or_numpy");
    }
}
