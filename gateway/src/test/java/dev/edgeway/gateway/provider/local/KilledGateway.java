package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.VersionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;

/**
 * A local provider in a JVM of its own, for a test to kill with SIGKILL: deploys one HTTP-mode
 * function ({@code args[1]}, the command) on the data directory {@code args[0]}, waits until
 * its replica is ready, writes {@code ready} next to the data directory and runs until killed.
 */
final class KilledGateway {

    private KilledGateway() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        HttpUpstreams upstreams = new HttpUpstreams(4, Duration.ofSeconds(10));
        LocalProvider provider =
                new LocalProvider(TestFunctions.properties(data), upstreams, new VersionInfo(null, "t", "t"));
        provider.deploy(TestFunctions.deployment("web", args[1], Map.of("mode", "http")))
                .block(TestFunctions.WAIT);
        Awaitility.await()
                .atMost(TestFunctions.WAIT)
                .until(() -> provider.status("web", TestFunctions.NS)
                                .block(TestFunctions.WAIT)
                                .availableReplicas()
                        == 1);
        Files.writeString(data.resolveSibling("ready"), "ready");
        new CountDownLatch(1).await();
    }
}
