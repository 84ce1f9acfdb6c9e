package dev.edgeway.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@code target/edgeway-gateway.jar} with {@code java -jar}, as a user runs it, on free
 * ports with a fresh data directory and a small heap, and stops it after the tests.
 */
public final class PackagedGateway implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    public static final String HEAP = "-Xmx128m";

    // A Spring Boot start took 108 s on the shared two-core machine with two gateways starting at once.
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> jvmFlags;
    private final List<String> extraArgs;
    private Process process;
    private Path dataDir;
    private int port;
    private int managementPort;

    public PackagedGateway(String... extraArgs) {
        this(List.of(HEAP), extraArgs);
    }

    /**
     * The JVM flags {@code ./edgeway run} starts the gateway with, read from the script that
     * sets them ({@code scripts/lib.sh}), so a test of the default footprint tests the default.
     */
    public static List<String> runFlags() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", ". ../scripts/lib.sh && edgeway_java_opts")
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        // The defaults, for the JDK running this test: not a caller's own EDGEWAY_JAVA_OPTS.
        builder.environment().remove("EDGEWAY_JAVA_OPTS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process bash = builder.start();
        String flags = new String(bash.getInputStream().readAllBytes()).trim();
        if (bash.waitFor() != 0 || flags.isEmpty()) {
            throw new IllegalStateException("scripts/lib.sh edgeway_java_opts failed: '" + flags + "'");
        }
        return List.of(flags.split("\\s+"));
    }

    /** With other JVM flags than the small default heap, e.g. those {@code ./edgeway run} uses ({@link #runFlags}). */
    public PackagedGateway(List<String> jvmFlags, String... extraArgs) {
        this.jvmFlags = List.copyOf(jvmFlags);
        this.extraArgs = List.of(extraArgs);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        startFresh();
    }

    /** Starts the gateway on a new data directory, for tests that start it themselves. */
    public void startFresh() throws Exception {
        dataDir = Files.createTempDirectory("edgeway-e2e");
        start();
    }

    /** Starts the gateway on new ports, keeping the data directory of an earlier start. */
    public void start() throws Exception {
        Path jar = Path.of("target/edgeway-gateway.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the package phase first (./mvnw verify)");
        }
        port = freePort();
        managementPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--edgeway.gateway.local.secret-mount-path=" + dataDir.resolve("mount")));
        command.addAll(extraArgs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dataDir.resolve("gateway.log").toFile()));
        builder.environment().put("EDGEWAY_DATA_DIR", dataDir.toString());
        process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited: " + Files.readString(dataDir.resolve("gateway.log")));
            }
            try {
                return http.send(
                                        HttpRequest.newBuilder(uri("/healthz")).build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** The running gateway's process, whose descendants are its functions' processes. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /**
     * Kills the gateway with SIGKILL, as a crash or the OOM killer would, and then what it had
     * started (function processes, an embedded nats-server), as a service manager cleans up a
     * crashed service's processes; waits for all to be gone. {@link #start()} then starts it again
     * on the same data directory.
     */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            List<ProcessHandle> started = process.descendants().toList();
            process.destroyForcibly();
            process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            started.forEach(ProcessHandle::destroyForcibly);
            // A killed process whose parent died first is a zombie until the machine's init reaps it.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> started.stream().noneMatch(PackagedGateway::running));
        }
    }

    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    /** Stops the gateway as a service manager would (SIGTERM) and waits for it to exit. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The {@code Authorization} header built from the generated credential files, as a user reads them. */
    public String authorization() throws IOException {
        String user = Files.readString(dataDir.resolve("auth/basic-auth-user")).strip();
        String password =
                Files.readString(dataDir.resolve("auth/basic-auth-password")).strip();
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    public String log() throws IOException {
        return Files.readString(dataDir.resolve("gateway.log"));
    }

    /** One request with the gateway's credentials; {@code body} null for none. */
    public HttpResponse<String> send(String method, String path, @Nullable String contentType, @Nullable String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization());
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    public HttpResponse<String> json(String method, String path, String json) throws IOException, InterruptedException {
        return send(method, path, "application/json", json);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
