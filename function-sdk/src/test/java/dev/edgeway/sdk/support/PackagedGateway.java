package dev.edgeway.sdk.support;

import static org.awaitility.Awaitility.await;

import dev.edgeway.sdk.state.StateClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The packaged gateway ({@code gateway/target/edgeway-gateway.jar}, named by the system property
 * {@code edgeway.gateway.jar} that failsafe sets) started with {@code java -jar} as a user runs
 * it: free loopback ports, a fresh data directory, the local provider, and the embedded
 * nats-server it starts itself. One gateway serves every integration test class of the run; it
 * is stopped when the run ends.
 */
public final class PackagedGateway implements BeforeAllCallback {

    private static final String HEAP = "-Xmx256m";

    private static Running running;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        running();
        // Stops the gateway when the whole run ends, not after the first class.
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).computeIfAbsent(PackagedGateway.class, key ->
                (AutoCloseable) PackagedGateway::stopAll);
    }

    private static synchronized Running running() throws Exception {
        if (running == null) {
            running = Running.start();
        }
        return running;
    }

    private static synchronized void stopAll() {
        if (running != null) {
            running.stop();
            running = null;
        }
    }

    /** The gateway's base URL. */
    public String url() {
        return "http://127.0.0.1:" + running.port;
    }

    /** The generated basic-auth user. */
    public String user() {
        return running.user;
    }

    /** The generated basic-auth password. */
    public String password() {
        return running.password;
    }

    /** The {@code Authorization} header value. */
    public String authorization() {
        return "Basic "
                + Base64.getEncoder().encodeToString((user() + ":" + password()).getBytes(StandardCharsets.UTF_8));
    }

    /** A state client for the gateway, with its credentials. */
    public StateClient stateClient() {
        return StateClient.builder()
                .environment(java.util.Map.of())
                .gatewayUrl(url())
                .basicAuth(user(), password())
                .build();
    }

    /** The gateway's log so far, for failure messages. */
    public String log() throws IOException {
        return Files.readString(running.dataDir.resolve("gateway.log"));
    }

    /** A running gateway process. */
    private static final class Running {

        private final Process process;
        private final Path dataDir;
        private final int port;
        private final String user;
        private final String password;

        private Running(Process process, Path dataDir, int port, String user, String password) {
            this.process = process;
            this.dataDir = dataDir;
            this.port = port;
            this.user = user;
            this.password = password;
        }

        static Running start() throws Exception {
            Path jar = Path.of(System.getProperty("edgeway.gateway.jar", "../gateway/target/edgeway-gateway.jar"))
                    .toAbsolutePath()
                    .normalize();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(
                        jar + " is missing: build it first with"
                                + " ./mvnw -B -DskipTests package -pl gateway -am (./mvnw verify builds it before function-sdk)");
            }
            Path dataDir = Files.createTempDirectory("edgeway-sdk-it");
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    HEAP,
                    "-jar",
                    jar.toString(),
                    "--server.port=" + port,
                    "--management.server.port=" + freePort(),
                    "--edgeway.gateway.local.secret-mount-path=" + dataDir.resolve("mount"),
                    // The examples run from the build tree: the Python client beside them, the
                    // Java dependencies in the Maven repository, neither named on their command
                    // line, so a sandboxed function would not see them (the gateway's SandboxIT
                    // covers the sandbox).
                    "--edgeway.gateway.local.sandbox=off"));
            Path nats = Path.of("/usr/sbin/nats-server");
            if (Files.isExecutable(nats)) {
                command.add("--edgeway.nats.embedded.binary=" + nats);
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dataDir.resolve("gateway.log").toFile()));
            builder.environment().put("EDGEWAY_DATA_DIR", dataDir.toString());
            Process process = builder.start();
            try (HttpClient http = HttpClient.newHttpClient()) {
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> status(http, process, dataDir, port, "/healthz", null) == 200);
                String user = Files.readString(dataDir.resolve("auth/basic-auth-user"))
                        .strip();
                String password = Files.readString(dataDir.resolve("auth/basic-auth-password"))
                        .strip();
                String auth = "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
                // The state store is ready once it answers something other than 503.
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> status(http, process, dataDir, port, "/system/storage/tasks/probe", auth) == 404);
                return new Running(process, dataDir, port, user, password);
            } catch (RuntimeException | Error e) {
                process.destroyForcibly();
                throw e;
            }
        }

        private static int status(HttpClient http, Process process, Path dataDir, int port, String path, String auth)
                throws Exception {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited: " + Files.readString(dataDir.resolve("gateway.log")));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
            if (auth != null) {
                request.header("Authorization", auth);
            }
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException e) {
                return -1;
            }
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
