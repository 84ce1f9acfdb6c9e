package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A deployment's {@code limits} as numbers, checked at deploy time ({@code requests} too, so a
 * malformed one is a 400 here as on Kubernetes). They are enforced with cgroups ({@link Cgroup})
 * where the gateway may create them; otherwise with rlimits through {@code prlimit}: memory as
 * the address-space limit, and a CPU limit validated but not enforced.
 *
 * @param memoryBytes {@code limits.memory}, or null for none
 * @param cpuMillicores {@code limits.cpu}, or null for none
 */
record ResourceLimits(@Nullable Long memoryBytes, @Nullable Long cpuMillicores) {

    private static final String PRLIMIT = "/usr/bin/prlimit";

    static ResourceLimits of(FunctionDeployment deployment) {
        check("requests", deployment.requests());
        return check("limits", deployment.limits());
    }

    private static ResourceLimits check(String field, @Nullable FunctionResources resources) {
        if (resources == null) {
            return new ResourceLimits(null, null);
        }
        Long memory = blank(resources.memory()) ? null : Quantity.bytes(field + ".memory", resources.memory());
        Long cpu = blank(resources.cpu()) ? null : Quantity.millicores(field + ".cpu", resources.cpu());
        return new ResourceLimits(memory, cpu);
    }

    static boolean prlimitInstalled() {
        return Files.isExecutable(Path.of(PRLIMIT));
    }

    /** {@code argv} behind {@code prlimit} when there is a limit to set; the command line as it was otherwise. */
    List<String> apply(List<String> argv) {
        if (memoryBytes == null || !prlimitInstalled()) {
            // Without util-linux's prlimit (Debian installs it everywhere) the limit is not enforced.
            return argv;
        }
        List<String> limited = new ArrayList<>(List.of(PRLIMIT, "--as=" + memoryBytes, "--"));
        limited.addAll(argv);
        return limited;
    }

    private static boolean blank(@Nullable String text) {
        return text == null || text.isBlank();
    }
}
