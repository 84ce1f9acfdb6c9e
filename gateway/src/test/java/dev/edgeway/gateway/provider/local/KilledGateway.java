package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.VersionInfo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;

/**
 * A local provider in a JVM of its own, for a test to kill with SIGKILL: deploys one HTTP-mode
 * function ({@code args[1]}, the command) on the data directory {@code args[0]}, waits until
 * its replica is ready, writes {@code ready} next to the data directory and runs until killed.
 * With {@code args[2]} {@code cgroups}, its replica runs in a cgroup, and {@code ready} lists the
 * gateway's cgroup parents, one a line.
 */
final class KilledGateway {

    private KilledGateway() {}

    /** Starts one in a JVM of its own, with the test's class path, its output in {@code log}. */
    static Process start(Path data, String command, String mode, Path log) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(List.of(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        KilledGateway.class.getName(),
                        data.toString(),
                        command,
                        mode))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        HttpUpstreams upstreams = new HttpUpstreams(4, Duration.ofSeconds(10));
        Cgroups cgroups = args.length > 2 && args[2].equals("cgroups")
                ? Cgroups.start(CgroupMode.REQUIRED, data, 64)
                : Cgroups.off();
        LocalProvider provider = new LocalProvider(
                TestFunctions.properties(data),
                upstreams,
                new VersionInfo(null, "t", "t"),
                Sandbox.off(),
                cgroups,
                new SimpleMeterRegistry());
        provider.deploy(TestFunctions.deployment("web", args[1], Map.of("mode", "http")))
                .block(TestFunctions.WAIT);
        Awaitility.await()
                .atMost(TestFunctions.WAIT)
                .until(() -> provider.status("web", TestFunctions.NS)
                                .block(TestFunctions.WAIT)
                                .availableReplicas()
                        == 1);
        Files.writeString(
                data.resolveSibling("ready"),
                String.join("\n", cgroups.parents().stream().map(Path::toString).toList()));
        new CountDownLatch(1).await();
    }
}
