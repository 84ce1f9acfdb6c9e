package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.InvocationResult;
import dev.edgeway.storage.process.LoopbackPorts;
import dev.edgeway.storage.process.RestartBackoff;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One replica of an HTTP-mode function: {@code fprocess} started once as a server, with
 * {@code PORT} and {@code upstream_url} naming a free loopback port. It is ready once the port
 * accepts connections. When it dies it is not ready, and it is started again after a backoff
 * that doubles from 100 ms to 10 s, so a crash-looping function cannot burn the CPU.
 */
final class HttpModeProcess {

    private static final Logger logger = LoggerFactory.getLogger(HttpModeProcess.class);
    /** How long a stopped replica may take to exit after SIGTERM before it is killed. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final String instance;
    private final FunctionCommand command;
    private final FunctionLog log;
    private final Scheduler pipes;
    private final Duration startTimeout;
    private final ReplicaPidFiles pids;
    private final ResourceMeter meter;
    private @Nullable Process process;
    private @Nullable Cgroup cgroup;
    /** The cgroup of the latest launch, kept after its exit so a call it cut short can be told why. */
    private volatile @Nullable Cgroup launched;

    private long startedAt;
    /** 100 ms doubling to 10 s; a replica that ran 10 s before it died was not crash-looping. */
    private final RestartBackoff backoff =
            new RestartBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(10));

    private boolean stopped;
    private Disposable pending = Disposables.disposed();
    private volatile int port;
    private volatile boolean ready;

    HttpModeProcess(
            String instance,
            FunctionCommand command,
            FunctionLog log,
            Scheduler pipes,
            Duration startTimeout,
            ReplicaPidFiles pids,
            ResourceMeter meter) {
        this.instance = instance;
        this.meter = meter;
        this.pids = pids;
        this.command = command;
        this.log = log;
        this.pipes = pipes;
        this.startTimeout = startTimeout;
    }

    void start() {
        pipes.schedule(this::launch);
    }

    boolean ready() {
        return ready;
    }

    int port() {
        return port;
    }

    private synchronized void launch() {
        if (stopped) {
            return;
        }
        Process started;
        Cgroup limited = null;
        try {
            port = LoopbackPorts.free();
            String url = "http://127.0.0.1:" + port;
            limited = meter.open();
            started = command.start(Map.of("PORT", Integer.toString(port), "upstream_url", url), true, limited);
        } catch (IOException e) {
            meter.discard(limited);
            log.appendWatchdog(instance, "Cannot start fprocess: " + e.getMessage());
            restartLater(backoff.afterFailedStart());
            return;
        }
        process = started;
        cgroup = limited;
        launched = limited;
        startedAt = System.nanoTime();
        try {
            pids.record(started.toHandle());
        } catch (IOException e) {
            // The replica runs all the same; only a restart after a crash of the gateway would miss it.
            logger.warn("Could not record function replica {} (pid {}): {}", instance, started.pid(), e.getMessage());
        }
        pipes.schedule(() -> OutputLines.pump(started.getInputStream(), line -> log.append(instance, line)));
        started.onExit().thenAcceptAsync(this::exited, pipes::schedule);
        pending = LoopbackPorts.awaitListening(port, startTimeout, started::isAlive, pipes)
                // A timeout fires on a timer thread, where writing the log file does not belong.
                .subscribe(
                        listening -> {
                            if (listening) {
                                becameReady(started);
                            }
                        },
                        e -> pipes.schedule(() -> notReady(started, e)));
    }

    /**
     * The answer for a call to {@code calledPort} that failed, when the launch listening there
     * was killed by the kernel for exceeding {@code limits.memory}: what a classic call killed so
     * answers. Reads the launch's cgroup, so it is for failed calls only.
     */
    Optional<InvocationResult> killedForMemory(int calledPort) {
        Cgroup last = launched;
        if (last == null || calledPort != port || last.oomKills() == 0) {
            return Optional.empty();
        }
        return Optional.of(ForkingWatchdog.text(500, meter.oomMessage() + "\n", null));
    }

    private synchronized void becameReady(Process started) {
        if (process == started && !stopped && started.isAlive()) {
            ready = true;
            logger.debug("Function replica {} is ready on port {}", instance, port);
        }
    }

    private void notReady(Process started, Throwable e) {
        if (e instanceof TimeoutException) {
            log.appendWatchdog(instance, "No connection on port " + port + " within " + startTimeout + ", restarting");
        }
        ProcessTree.kill(started.toHandle());
    }

    private synchronized void exited(Process exited) {
        pids.forget(exited.toHandle());
        if (process != exited) {
            return;
        }
        ready = false;
        process = null;
        pending.dispose();
        CgroupUsage usage = meter.close(cgroup);
        cgroup = null;
        if (ResourceMeter.killedForMemory(usage)) {
            log.appendWatchdog(instance, meter.oomDetail(usage));
            logger.warn("Function replica {} {}", instance, meter.oomDetail(usage));
        }
        if (stopped) {
            return;
        }
        Duration delay = backoff.afterExit(Duration.ofNanos(System.nanoTime() - startedAt));
        log.appendWatchdog(
                instance, "exit status " + exited.exitValue() + ", restarting in " + delay.toMillis() + "ms");
        logger.warn("Function replica {} exited with status {}; restarting in {}", instance, exited.exitValue(), delay);
        restartLater(delay);
    }

    private void restartLater(Duration delay) {
        pending = pipes.schedule(this::launch, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM, then SIGKILL after a grace period; completes when the process is gone. */
    Mono<Void> stop() {
        Process running;
        synchronized (this) {
            stopped = true;
            ready = false;
            pending.dispose();
            running = process;
        }
        if (running == null) {
            return Mono.empty();
        }
        return Mono.fromRunnable(() -> ProcessTree.terminate(running.toHandle()))
                .subscribeOn(pipes)
                .then(Mono.fromFuture(running.onExit()))
                .timeout(GRACE)
                .onErrorResume(
                        TimeoutException.class, e -> Mono.fromRunnable(() -> ProcessTree.kill(running.toHandle()))
                                .subscribeOn(pipes)
                                .then(Mono.fromFuture(running.onExit())))
                .then();
    }
}
