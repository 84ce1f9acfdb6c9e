package dev.edgeway.gateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sandbox modes on a machine where bubblewrap cannot run. */
class SandboxTest {

    private static final Path MISSING = Path.of("/nonexistent/bwrap");

    @Test
    void autoRunsUnsandboxedWhenBubblewrapCannotRun() {
        assertThat(Sandbox.start(SandboxMode.AUTO, MISSING, List.of()).describe())
                .isEqualTo("none");
    }

    @Test
    void requiredMakesItAStartUpError() {
        assertThatThrownBy(() -> Sandbox.start(SandboxMode.REQUIRED, MISSING, List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("edgeway.gateway.local.sandbox=required")
                .hasMessageContaining("/nonexistent/bwrap is not installed");
    }

    @Test
    void offNeverTriesIt() {
        assertThat(Sandbox.start(SandboxMode.OFF, Path.of("/usr/bin/bwrap"), List.of())
                        .enabled())
                .isFalse();
    }

    @Test
    void passesTheCommandLineAsArgumentsAfterItsOwn() {
        Sandbox sandbox = Sandbox.start(SandboxMode.OFF, Path.of("/usr/bin/bwrap"), List.of());
        List<String> argv = sandbox.wrap(List.of("sh", "-c", "$(rm -rf /); `x`"), java.util.Map.of(), true);

        assertThat(argv.subList(argv.size() - 4, argv.size())).containsExactly("--", "sh", "-c", "$(rm -rf /); `x`");
        assertThat(argv).doesNotContain("--unshare-net");
    }
}
