package dev.edgeway.gateway.provider.local;

import static dev.edgeway.gateway.provider.local.TestFunctions.NS;
import static dev.edgeway.gateway.provider.local.TestFunctions.WAIT;
import static dev.edgeway.gateway.provider.local.TestFunctions.call;
import static dev.edgeway.gateway.provider.local.TestFunctions.get;
import static dev.edgeway.gateway.provider.local.TestFunctions.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.Secret;
import dev.edgeway.gateway.provider.VersionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functions in the bubblewrap sandbox, classic and HTTP mode: each sees its own secrets at the
 * OpenFaaS path and is denied the gateway's credentials, other functions' secrets and the NATS
 * store. One provider for the class; it requires the sandbox, so a machine without bubblewrap
 * fails here rather than passing unsandboxed.
 */
@Timeout(90)
class SandboxIT {

    /** Prints each file named in PROBES (name=path,...) or "denied"; then what it was asked to. */
    private static final String PROBE = """
            #!/bin/sh
            for probe in $(echo "$PROBES" | tr ',' ' '); do
              name=${probe%%=*}; file=${probe#*=}
              if value=$(cat "$file" 2>/dev/null); then echo "$name=$value"; else echo "$name=denied"; fi
            done
            if touch /usr/sandbox-probe 2>/dev/null; then echo "usr=writable"; else echo "usr=read-only"; fi
            echo private > /tmp/sandbox-probe && echo "tmp=$(cat /tmp/sandbox-probe)"
            echo "interfaces=$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\\n' ' ')"
            """;

    /** The same probes from a long-running HTTP server, answered on every GET. */
    private static final String SERVER = """
            import http.server, os
            def read(path):
                try:
                    with open(path) as f:
                        return f.read()
                except OSError:
                    return "denied"
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    probes = [p.split("=", 1) for p in os.environ["PROBES"].split(",")]
                    body = "".join(name + "=" + read(path) + "\\n" for name, path in probes).encode()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
            http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
            """;

    @TempDir
    static Path dir;

    private static HttpUpstreams upstreams;
    private static LocalProvider provider;
    private static Path data;
    private static Path nats;
    private static String probes;

    @BeforeAll
    static void start() throws IOException {
        upstreams = new HttpUpstreams(4, Duration.ofSeconds(10));
        data = dir.resolve("data");
        nats = dir.resolve("nats-store");
        Files.createDirectories(nats);
        Files.writeString(nats.resolve("kv.blk"), "nats-data");
        Files.createDirectories(data.resolve("nats"));
        Files.writeString(data.resolve("nats").resolve("kv.blk"), "nats-data");
        Files.writeString(data.resolve("auth"), "admin:gateway-password");
        Sandbox sandbox = Sandbox.start(SandboxMode.REQUIRED, Path.of("/usr/bin/bwrap"), List.of(data, nats));
        provider = new LocalProvider(
                TestFunctions.properties(data, data.resolve("mount")),
                upstreams,
                new VersionInfo(null, "t", "t"),
                sandbox);
        provider.createSecret(new Secret("own-key", NS, "mine", null)).block(WAIT);
        provider.createSecret(new Secret("other-key", NS, "theirs", null)).block(WAIT);
        Path secrets = data.resolve("secrets").resolve(NS);
        probes = String.join(
                ",",
                "own=/var/openfaas/secrets/own-key",
                "other=/var/openfaas/secrets/other-key",
                "otherfile=" + secrets.resolve("other-key"),
                "auth=" + data.resolve("auth"),
                "nats=" + data.resolve("nats").resolve("kv.blk"),
                "natsstore=" + nats.resolve("kv.blk"));
    }

    @AfterAll
    static void stop() {
        provider.destroy();
        upstreams.close();
    }

    @Test
    void aClassicFunctionSeesOnlyItsOwnSecretAndNothingOfTheGateway() throws IOException {
        Path probe = script(dir, "probe.sh", PROBE);
        provider.deploy(deployment("classic", "sh " + probe, Map.of(), Map.of()))
                .block(WAIT);

        String body = call(provider.upstream("classic", NS).block(WAIT), get("classic"))
                .body();

        assertThat(body)
                .contains(
                        "own=mine",
                        "other=denied",
                        "otherfile=denied",
                        "auth=denied",
                        "nats=denied",
                        "natsstore=denied",
                        "usr=read-only",
                        "tmp=private")
                .doesNotContain("theirs", "gateway-password", "nats-data");
        assertThat(Path.of("/tmp/sandbox-probe")).doesNotExist();
        assertThat(body).contains("eth0").as("network stays on by default");
    }

    @Test
    void anHttpModeFunctionSeesOnlyItsOwnSecretAndNothingOfTheGateway() throws IOException {
        Path server = script(dir, "server.py", SERVER);
        provider.deploy(deployment("server", "python3 " + server, Map.of("mode", "http"), Map.of()))
                .block(WAIT);

        String body = await().atMost(WAIT)
                .ignoreExceptions()
                .until(
                        () -> call(provider.upstream("server", NS).block(WAIT), get("server")),
                        answer -> answer.status() == 200)
                .body();

        assertThat(body)
                .contains("own=mine", "other=denied", "otherfile=denied", "auth=denied", "nats=denied")
                .contains("natsstore=denied")
                .doesNotContain("theirs", "gateway-password", "nats-data");
    }

    @Test
    void anAnnotationTakesAClassicFunctionOffTheNetwork() throws IOException {
        Path probe = script(dir, "offline.sh", PROBE);
        provider.deploy(deployment(
                        "offline", "sh " + probe, Map.of(), Map.of(FunctionCommand.NETWORK_ANNOTATION, "none")))
                .block(WAIT);

        assertThat(call(provider.upstream("offline", NS).block(WAIT), get("offline"))
                        .body())
                .contains("interfaces=lo \n");
    }

    @Test
    void refusesAnHttpModeFunctionOffTheNetwork() {
        FunctionDeployment offline = deployment(
                "offline-server",
                "python3 server.py",
                Map.of("mode", "http"),
                Map.of(FunctionCommand.NETWORK_ANNOTATION, "none"));

        assertThatThrownBy(() -> provider.deploy(offline).block(WAIT))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("annotations.com.edgeway.network");
    }

    @Test
    void showsTheSandboxInItsInfo() {
        assertThat(provider.info().block(WAIT).sandbox()).isEqualTo("bubblewrap");
    }

    private static FunctionDeployment deployment(
            String name, String fprocess, Map<String, String> env, Map<String, String> annotations) {
        Map<String, String> envVars = new HashMap<>(env);
        envVars.put("PROBES", probes);
        return new FunctionDeployment(
                name,
                "local",
                NS,
                fprocess,
                envVars,
                List.of(),
                List.of("own-key"),
                Map.of(),
                annotations,
                null,
                null,
                false);
    }
}
