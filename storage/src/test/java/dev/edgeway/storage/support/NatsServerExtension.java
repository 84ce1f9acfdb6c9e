package dev.edgeway.storage.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code nats-server -js} on a free loopback port with a temporary store directory, for
 * one test class ({@code @RegisterExtension static}) or, through {@link #shared()}, for every
 * test context of the run. The tests can stop it, kill it with SIGKILL and start it again on
 * the same port and store.
 */
public final class NatsServerExtension implements BeforeAllCallback, AfterAllCallback {

    private static final String BINARY = "/usr/sbin/nats-server";
    private static @Nullable NatsServerExtension shared;

    private final int port;
    private final int monitorPort;
    private final Path storeDir;
    private final boolean startBeforeAll;
    private @Nullable Process process;

    private NatsServerExtension(boolean startBeforeAll) {
        this.startBeforeAll = startBeforeAll;
        try {
            this.port = freePort();
            this.monitorPort = freePort();
            this.storeDir = Files.createTempDirectory("edgeway-nats-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server started before the class's tests and removed after them. */
    public static NatsServerExtension started() {
        return new NatsServerExtension(true);
    }

    /** A server whose port is reserved but which the test starts itself. */
    public static NatsServerExtension notStarted() {
        return new NatsServerExtension(false);
    }

    /** One server for the whole run, started on first use and stopped when the JVM exits. */
    public static synchronized NatsServerExtension shared() {
        if (shared == null) {
            NatsServerExtension server = new NatsServerExtension(true);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::removeQuietly));
            shared = server;
        }
        return shared;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The server's HTTP monitoring endpoint ({@code /varz}, {@code /connz}), for counting its messages. */
    public String monitorUrl() {
        return "http://127.0.0.1:" + monitorPort;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (startBeforeAll) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        removeQuietly();
    }

    /** Starts the server (again) on the same port and store, and waits until it listens. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            process = new ProcessBuilder(List.of(
                            BINARY,
                            "-js",
                            "-a",
                            "127.0.0.1",
                            "-p",
                            Integer.toString(port),
                            "-m",
                            Integer.toString(monitorPort),
                            "-sd",
                            storeDir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            storeDir.resolve("server.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Awaitility.await("nats-server listening on " + port)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(this::listening);
    }

    /** Stops the server with SIGTERM. */
    public synchronized void stop() {
        end(false);
    }

    /** Kills the server with SIGKILL: no shutdown, no flush. */
    public synchronized void kill() {
        end(true);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    private void end(boolean kill) {
        Process current = process;
        if (current == null) {
            return;
        }
        if (kill) {
            current.destroyForcibly();
        } else {
            current.destroy();
        }
        try {
            current.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private void removeQuietly() {
        end(true);
        try (var paths = Files.walk(storeDir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory; the OS cleans it eventually.
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
