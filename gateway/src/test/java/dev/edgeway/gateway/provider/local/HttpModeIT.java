package dev.edgeway.gateway.provider.local;

import static dev.edgeway.gateway.provider.local.TestFunctions.NS;
import static dev.edgeway.gateway.provider.local.TestFunctions.WAIT;
import static dev.edgeway.gateway.provider.local.TestFunctions.call;
import static dev.edgeway.gateway.provider.local.TestFunctions.deployment;
import static dev.edgeway.gateway.provider.local.TestFunctions.get;
import static dev.edgeway.gateway.provider.local.TestFunctions.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.gateway.provider.LogEntry;
import dev.edgeway.gateway.provider.LogRequest;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.VersionInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

/** HTTP-mode functions: long-running Python HTTP servers, one process per replica. */
@Timeout(90)
class HttpModeIT {

    /** Answers every GET with its own pid, so a test can tell replicas apart. */
    private static final String SERVER = """
            import http.server, os
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    body = str(os.getpid()).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, format, *args):
                    print("served " + self.path, flush=True)
            port = int(os.environ["PORT"])
            print("listening on " + os.environ["upstream_url"], flush=True)
            http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
            """;

    @TempDir
    Path dir;

    private HttpUpstreams upstreams;
    private LocalProvider provider;

    @BeforeEach
    void start() {
        upstreams = new HttpUpstreams(4, Duration.ofSeconds(10));
        Path data = dir.resolve("data");
        provider = new LocalProvider(
                TestFunctions.properties(data, data.resolve("mount"), Duration.ofSeconds(5)),
                upstreams,
                new VersionInfo(null, "t", "t"));
    }

    @AfterEach
    void stop() {
        provider.destroy();
        upstreams.close();
    }

    private FunctionDeployment server(String name, int replicas) throws IOException {
        Path file = script(dir, "server.py", SERVER);
        return deployment(
                name,
                "python3 " + file,
                Map.of("mode", "http"),
                Map.of(StoredFunction.MIN_SCALE, Integer.toString(replicas)),
                List.of());
    }

    private FunctionStatus status(String name) {
        return provider.status(name, NS).block(WAIT);
    }

    private long servedBy(String name) {
        var upstream = provider.upstream(name, NS).block(WAIT);
        return Long.parseLong(call(upstream, get(name)).body());
    }

    @Test
    void proxiesToTheServerOnceItAcceptsConnections() throws IOException {
        provider.deploy(server("web", 1)).block(WAIT);

        await().atMost(WAIT).until(() -> status("web").availableReplicas() == 1);

        assertThat(servedBy("web")).isPositive();
        await().atMost(WAIT).untilAsserted(() -> assertThat(logs("web"))
                .anyMatch(e -> e.instance().equals("web-0") && e.text().startsWith("listening on http://127.0.0.1:"))
                .anyMatch(e -> e.text().equals("served /\n")));
    }

    @Test
    void callsReplicasInTurn() throws IOException {
        provider.deploy(server("pair", 2)).block(WAIT);
        await().atMost(WAIT).until(() -> status("pair").availableReplicas() == 2);

        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pids.add(servedBy("pair"));
        }

        assertThat(pids.get(0)).isNotEqualTo(pids.get(1));
        assertThat(pids).containsExactly(pids.get(0), pids.get(1), pids.get(0), pids.get(1));
        assertThat(status("pair").replicas()).isEqualTo(2);
    }

    @Test
    void restartsAReplicaThatDies() throws IOException {
        provider.deploy(server("phoenix", 1)).block(WAIT);
        await().atMost(WAIT).until(() -> status("phoenix").availableReplicas() == 1);
        long first = servedBy("phoenix");

        ProcessHandle.of(first).orElseThrow().destroyForcibly();

        await().atMost(WAIT)
                .until(() -> ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false) == false);
        await().atMost(WAIT).until(() -> status("phoenix").availableReplicas() == 1);
        assertThat(servedBy("phoenix")).isNotEqualTo(first);
        assertThat(logs("phoenix")).anyMatch(e -> e.text().contains("restarting in"));
    }

    @Test
    void scalingToZeroStopsTheProcesses() throws IOException {
        provider.deploy(server("sleeper", 2)).block(WAIT);
        await().atMost(WAIT).until(() -> status("sleeper").availableReplicas() == 2);
        List<Long> pids = List.of(servedBy("sleeper"), servedBy("sleeper"));

        provider.scale("sleeper", NS, 0).block(WAIT);

        assertThat(status("sleeper").replicas()).isZero();
        assertThat(status("sleeper").availableReplicas()).isZero();
        await().atMost(WAIT).until(() -> pids.stream()
                .noneMatch(
                        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        assertThatThrownBy(() -> provider.upstream("sleeper", NS).block(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("No endpoints available for: sleeper.");
                });

        provider.scale("sleeper", NS, 1).block(WAIT);
        await().atMost(WAIT).until(() -> status("sleeper").availableReplicas() == 1);
    }

    @Test
    void restartsAServerThatNeverListensAndNeverCountsItAvailable() throws IOException {
        Path mute = script(dir, "mute.sh", "#!/bin/sh\nexec sleep 30\n");
        provider.deploy(deployment("mute", mute.toString(), Map.of("mode", "http")))
                .block(WAIT);

        await().atMost(WAIT).untilAsserted(() -> assertThat(logs("mute"))
                .anyMatch(e -> e.text().contains("within PT5S, restarting"))
                .anyMatch(e -> e.text().contains("restarting in 100ms")));
        assertThat(status("mute").replicas()).isEqualTo(1);
        assertThat(status("mute").availableReplicas()).isZero();
    }

    private List<LogEntry> logs(String name) {
        return provider.logs(new LogRequest(name, NS, null, -1, false, null))
                .collectList()
                .block(WAIT);
    }
}
