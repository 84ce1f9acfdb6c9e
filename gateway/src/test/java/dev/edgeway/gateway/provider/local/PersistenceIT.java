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

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.Secret;
import dev.edgeway.gateway.provider.VersionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Functions and secrets survive a restart: a new provider on the same data directory. */
@Timeout(60)
class PersistenceIT {

    @TempDir
    Path dir;

    private final HttpUpstreams upstreams = new HttpUpstreams(4, Duration.ofSeconds(10));
    private LocalProvider provider;

    private LocalProvider restart() {
        if (provider != null) {
            provider.destroy();
        }
        GatewayProperties properties = TestFunctions.properties(dir.resolve("data"));
        provider = new LocalProvider(properties, upstreams, new VersionInfo(null, "t", "t"));
        return provider;
    }

    @AfterEach
    void stop() {
        provider.destroy();
        upstreams.close();
    }

    @Test
    void keepsFunctionsOfANamespaceRemovedFromTheConfigurationListableCallableAndDeletable() {
        restart().deploy(deployment("stay", "echo kept").inNamespace("dev")).block(WAIT);
        provider.deploy(deployment("gone", "echo kept").inNamespace("dev")).block(WAIT);
        provider.destroy();
        // The same data directory with "dev" no longer configured.
        provider = new LocalProvider(
                TestFunctions.bound(dir.resolve("data"), Map.of()), upstreams, new VersionInfo(null, "t", "t"));

        assertThat(provider.namespaces().block(WAIT)).containsExactly(NS, "dev");
        assertThat(provider.list("dev").block(WAIT))
                .extracting(FunctionStatus::name)
                .containsExactly("gone", "stay");
        assertThat(call(provider.upstream("stay", "dev").block(WAIT), get("stay"))
                        .body())
                .isEqualTo("kept\n");
        provider.delete("gone", "dev").block(WAIT);
        assertThat(provider.status("gone", "dev").blockOptional(WAIT)).isEmpty();
        assertThatThrownBy(() -> provider.deploy(deployment("new", "cat").inNamespace("dev"))
                        .block(WAIT))
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.status().value()).isEqualTo(400))
                .hasMessageContaining("namespace dev is no longer configured");
    }

    @Test
    void bringsBackDeploymentsWithCreationTimeReplicasAndSecrets() throws Exception {
        Path reader = script(dir, "reader.sh", "#!/bin/sh\ncat \"$secret_mount_path/api-key\"\n");
        restart().createSecret(new Secret("api-key", NS, "s3cret", null)).block(WAIT);
        provider.deploy(deployment(
                        "reader",
                        reader.toString(),
                        Map.of("exec_timeout", "5s"),
                        Map.of("team", "a"),
                        List.of("api-key")))
                .block(WAIT);
        provider.scale("reader", NS, 3).block(WAIT);
        FunctionStatus before = provider.status("reader", NS).block(WAIT);

        FunctionStatus after = restart().status("reader", NS).block(WAIT);

        assertThat(after).isEqualTo(before);
        assertThat(after.replicas()).isEqualTo(3);
        assertThat(provider.secrets(NS).block(WAIT)).containsExactly(Secret.named("api-key", NS));
        assertThat(call(provider.upstream("reader", NS).block(WAIT), get("reader"))
                        .body())
                .isEqualTo("s3cret");
        Path stored = dir.resolve("data").resolve("functions").resolve(NS).resolve("reader.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
                .isEqualTo("rw-------");
    }

    @Test
    void startsHttpModeReplicasAgain() throws Exception {
        Path server = script(dir, "server.py", """
                import http.server, os
                class Handler(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        self.send_response(204)
                        self.end_headers()
                http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
                """);
        restart()
                .deploy(deployment("web", "python3 " + server, Map.of("mode", "http")))
                .block(WAIT);
        await().atMost(WAIT).until(() -> provider.status("web", NS).block(WAIT).availableReplicas() == 1);

        restart();

        await().atMost(WAIT).until(() -> provider.status("web", NS).block(WAIT).availableReplicas() == 1);
        assertThat(call(provider.upstream("web", NS).block(WAIT), get("web")).status())
                .isEqualTo(204);
    }

    @Test
    void forgetsDeletedFunctions() {
        restart().deploy(deployment("gone", "cat")).block(WAIT);
        provider.delete("gone", NS).block(WAIT);

        assertThat(restart().list(NS).block(WAIT)).isEmpty();
    }

    @Test
    void skipsAFileItCannotRead() throws Exception {
        restart().deploy(deployment("good", "cat")).block(WAIT);
        Files.writeString(dir.resolve("data").resolve("functions").resolve(NS).resolve("bad.json"), "{not json");

        assertThat(restart().list(NS).block(WAIT))
                .extracting(FunctionStatus::name)
                .containsExactly("good");
    }
}
