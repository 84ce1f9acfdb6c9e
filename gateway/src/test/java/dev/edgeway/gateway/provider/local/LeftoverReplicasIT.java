package dev.edgeway.gateway.provider.local;

import static dev.edgeway.gateway.provider.local.TestFunctions.NS;
import static dev.edgeway.gateway.provider.local.TestFunctions.WAIT;
import static dev.edgeway.gateway.provider.local.TestFunctions.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.VersionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTP-mode replicas of a gateway killed with SIGKILL are stopped by the next start, and only they. */
@Timeout(90)
class LeftoverReplicasIT {

    private static final String SERVER = """
            import http.server, os, sys
            with open(sys.argv[1], "a") as pids:
                pids.write(str(os.getpid()) + "\\n")
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(204)
                    self.end_headers()
            http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
            """;

    @TempDir
    Path dir;

    private final HttpUpstreams upstreams = new HttpUpstreams(4, Duration.ofSeconds(10));
    private LocalProvider provider;
    private Process gateway;
    private Process stranger;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.destroy();
        }
        upstreams.close();
        for (Process process : new Process[] {gateway, stranger}) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void stopsTheReplicasOfAGatewayKilledWithSigkillOnTheNextStart() throws Exception {
        Path server = script(dir, "server.py", SERVER);
        Path pids = dir.resolve("function.pids");
        gateway = KilledGateway.start(
                dir.resolve("data"), "python3 " + server + " " + pids, "plain", dir.resolve("gateway.log"));
        await().atMost(WAIT).until(() -> Files.exists(dir.resolve("ready")));
        ProcessHandle replica = ProcessHandle.of(firstPid(pids)).orElseThrow();

        gateway.destroyForcibly().waitFor();
        assertThat(replica.isAlive()).as("the replica outlives its gateway").isTrue();

        provider = new LocalProvider(
                TestFunctions.properties(dir.resolve("data")), upstreams, new VersionInfo(null, "t", "t"));

        assertThat(replica.isAlive()).isFalse();
        await().atMost(WAIT).until(() -> provider.status("web", NS).block(WAIT).availableReplicas() == 1);
    }

    @Test
    void leavesAProcessAloneWhosePidWasRecycled() throws Exception {
        stranger = new ProcessBuilder("sleep", "60").start();
        Path run = Files.createDirectories(dir.resolve("data").resolve("run"));
        // The pid and program of the stranger, but the start time of an earlier process.
        Files.writeString(
                run.resolve(stranger.pid() + ".pid"),
                stranger.pid() + " 1000 " + stranger.info().command().orElseThrow());

        provider = new LocalProvider(
                TestFunctions.properties(dir.resolve("data")), upstreams, new VersionInfo(null, "t", "t"));

        assertThat(stranger.isAlive()).isTrue();
        assertThat(run.resolve(stranger.pid() + ".pid")).doesNotExist();
    }

    private static long firstPid(Path pids) throws IOException {
        await().atMost(WAIT)
                .until(() -> Files.exists(pids) && !Files.readString(pids).isBlank());
        return Long.parseLong(Files.readAllLines(pids).getFirst().strip());
    }
}
