package dev.edgeway.storage.nats;

import dev.edgeway.storage.process.LoopbackPorts;
import dev.edgeway.storage.process.RestartBackoff;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;

/**
 * A {@code nats-server} child process with JetStream, listening on a free loopback port and
 * keeping its store in a directory that survives restarts. It is restarted on the same port if
 * it dies (after a pause that grows while it keeps dying), a leftover server from a crashed run is stopped first (found through its pid file),
 * and it is stopped with the application. It accepts only the credentials generated for it
 * ({@link NatsServerConfig}), and everything it writes is for the gateway's user only.
 */
public final class EmbeddedNatsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedNatsServer.class);
    /** One second first, doubling to 30 s while it keeps dying; a run of a minute resets it. */
    private final RestartBackoff backoff =
            new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));

    private final Path binary;
    private final Path storeDir;
    private final Duration startTimeout;
    private final Object lock = new Object();
    private @Nullable Process process;
    private @Nullable NatsServerConfig config;
    private volatile int port;
    private long startedAt;
    private boolean stopped;

    public EmbeddedNatsServer(Path binary, Path storeDir, Duration startTimeout) {
        this.binary = binary;
        this.storeDir = storeDir;
        this.startTimeout = startTimeout;
    }

    /** The executable named by {@code binary}: a path, or a name looked up on the PATH. */
    public static Optional<Path> locate(String binary) {
        if (binary.contains(File.separator)) {
            Path path = Path.of(binary);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String searchPath = System.getenv("PATH");
        if (searchPath == null) {
            return Optional.empty();
        }
        return List.of(searchPath.split(File.pathSeparator)).stream()
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, binary))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Starts the server and waits until it accepts connections; returns its URL. */
    public String start() throws IOException {
        // Nothing runs on the store yet, so preparing it needs no lock; the lock only guards the
        // fields, and the wait for the server to listen is taken outside it.
        OwnerOnlyFiles.createDirectories(storeDir);
        stopLeftover();
        OwnerOnlyFiles.narrowTree(storeDir);
        Process started;
        synchronized (lock) {
            config = NatsServerConfig.generate(storeDir.resolve("nats-server.conf"));
            port = LoopbackPorts.free();
            started = launch();
        }
        awaitListening(started);
        // Watched only once it listens: a server that cannot start at all is reported, not retried.
        started.onExit().thenRun(() -> restartIfStillWanted(started));
        return url();
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** The user and password the server accepts; known once it has been started. */
    public Credentials credentials() {
        synchronized (lock) {
            NatsServerConfig current = config;
            if (current == null) {
                throw new IllegalStateException("nats-server is not started yet");
            }
            return new Credentials(current.user(), current.password());
        }
    }

    /** What a client presents to the embedded server; {@code toString} hides the password. */
    public record Credentials(String user, String password) {

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=***]";
        }
    }

    /** Starts the process; the caller holds the lock and waits for it to listen after releasing it. */
    private Process launch() throws IOException {
        NatsServerConfig current = Objects.requireNonNull(config, "config");
        Path logFile = OwnerOnlyFiles.createFile(storeDir.resolve("nats-server.log"));
        // Through sh only to set umask 077 before exec: nats-server creates its store 0750/0640.
        Process started = new ProcessBuilder(List.of(
                        "/bin/sh",
                        "-c",
                        "umask 077 && exec \"$0\" \"$@\"",
                        binary.toString(),
                        "-c",
                        current.file().toString(),
                        "-js",
                        "-a",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-sd",
                        storeDir.toString(),
                        "-P",
                        pidFile().toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        process = started;
        startedAt = System.nanoTime();
        return started;
    }

    /** Blocks until the server listens (the caller holds no lock), or stops it and says why not. */
    private void awaitListening(Process started) throws IOException {
        boolean listening;
        try {
            listening = Boolean.TRUE.equals(
                    LoopbackPorts.awaitListening(port, startTimeout, started::isAlive, Schedulers.boundedElastic())
                            // The wait's own timeout runs on Reactor's timers; this bound holds
                            // should those never fire, so a start cannot hang for good.
                            .block(startTimeout.multipliedBy(2)));
        } catch (RuntimeException e) {
            started.destroyForcibly();
            throw new IOException("nats-server did not listen on port " + port + " within " + startTimeout);
        }
        if (!listening) {
            throw new IOException(
                    "nats-server exited with " + started.exitValue() + "; see " + storeDir.resolve("nats-server.log"));
        }
        log.info("Started nats-server (pid {}) at {} with its store in {}", started.pid(), url(), storeDir);
    }

    private void restartIfStillWanted(Process exited) {
        Duration delay;
        synchronized (lock) {
            if (stopped || process != exited) {
                return;
            }
            delay = backoff.afterExit(Duration.ofNanos(System.nanoTime() - startedAt));
            log.warn(
                    "nats-server (pid {}) exited with {}; restarting it in {}",
                    exited.pid(),
                    exited.exitValue(),
                    delay);
        }
        restartLater(exited, delay);
    }

    /**
     * The pause is taken outside the lock, so a close() or credentials() meanwhile is not held
     * up; the restart runs on a thread of its own, not on the common pool, which it could
     * otherwise hold for as long as the server takes to listen.
     */
    private void restartLater(Process exited, Duration delay) {
        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, command -> Thread.ofVirtual()
                        .name("nats-server-restart")
                        .start(command))
                .execute(() -> restart(exited));
    }

    private void restart(Process exited) {
        Process started;
        synchronized (lock) {
            if (stopped || process != exited) {
                return;
            }
            try {
                started = launch();
                // Watched at once: a restart that does not listen ends in an exit, which tries again.
                started.onExit().thenRun(() -> restartIfStillWanted(started));
            } catch (IOException e) {
                log.error("Could not restart nats-server: {}", e.getMessage());
                restartLater(exited, backoff.afterFailedStart());
                return;
            }
        }
        try {
            awaitListening(started);
        } catch (IOException e) {
            // Its exit (or the kill after the timeout) schedules the next attempt.
            log.error("Could not restart nats-server: {}", e.getMessage());
        }
    }

    /** A server left behind by a run that was killed would hold the store; stop it. */
    private void stopLeftover() throws IOException {
        Path pidFile = pidFile();
        if (!Files.exists(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile).trim();
        Files.deleteIfExists(pidFile);
        if (!text.matches("\\d+")) {
            return;
        }
        // Only a nats-server on this very store: a recycled pid must not take another process down.
        ProcessHandle.of(Long.parseLong(text))
                .filter(p ->
                        p.info().command().map(c -> c.endsWith("nats-server")).orElse(false))
                .filter(p ->
                        p.info().arguments().map(List::of).orElse(List.of()).contains(storeDir.toString()))
                .ifPresent(leftover -> {
                    log.warn("Stopping a nats-server left behind by an earlier run (pid {})", leftover.pid());
                    leftover.destroy();
                    leftover.onExit()
                            .orTimeout(5, TimeUnit.SECONDS)
                            .exceptionally(e -> {
                                leftover.destroyForcibly();
                                return leftover;
                            })
                            .join();
                });
    }

    private Path pidFile() {
        return storeDir.resolve("nats-server.pid");
    }

    /** Stops the server: SIGTERM, then SIGKILL after five seconds. */
    @Override
    public void close() {
        Process current;
        synchronized (lock) {
            stopped = true;
            current = process;
        }
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroy();
        try {
            if (!current.waitFor(5, TimeUnit.SECONDS)) {
                current.destroyForcibly();
            }
        } catch (InterruptedException e) {
            current.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            log.debug("Could not remove {}: {}", pidFile(), e.getMessage());
        }
        log.info("Stopped nats-server (pid {})", current.pid());
    }
}
