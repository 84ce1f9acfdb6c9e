package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.invoke.InvocationResult;
import dev.edgeway.gateway.invoke.UpstreamException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One forked process serving one call: body in through {@link ProcessStdin}, response out
 * through {@link ProcessStdout}, stderr to the function log, and {@code exec_timeout} enforced
 * by killing the process. The exit decides the status as in the classic watchdog while the
 * output fits in {@link #HOLD}; a larger output streams as soon as it exceeds it.
 */
final class ForkedCall {

    private static final int ERROR_TAIL = 8 * 1024;
    /** Output held back until the exit decides the status; beyond it the output streams. */
    static final int HOLD = 2 * ProcessStdout.CHUNK;
    /** How long a failed call waits for the rest of stderr to reach its error text. */
    private static final Duration STDERR_DRAIN = Duration.ofSeconds(1);

    private final Process process;
    private final long started;
    private final ForkingWatchdog watchdog;
    private final @Nullable Cgroup cgroup;
    private final ProcessStdout stdout;
    private final AtomicBoolean killed = new AtomicBoolean();
    private final AtomicBoolean responded = new AtomicBoolean();
    private final Disposable.Composite resources = Disposables.composite();
    private final CompletableFuture<String> errorText = new CompletableFuture<>();
    /** The caller's body failed (read timeout, client gone): the call fails with it. */
    private final AtomicReference<@Nullable Throwable> bodyFailure = new AtomicReference<>();

    ForkedCall(Process process, long started, ForkingWatchdog watchdog, @Nullable Cgroup cgroup) {
        this.process = process;
        this.cgroup = cgroup;
        this.started = started;
        this.watchdog = watchdog;
        this.stdout = new ProcessStdout(process, watchdog.instance());
    }

    void start(Invocation invocation) {
        resources.add(ProcessStdin.feed(invocation, process, pipes(), this::bodyFailed));
        if (watchdog.settings().combineOutput()) {
            errorText.complete("");
        } else {
            pipes().schedule(this::drainStderr);
        }
        long timeout = watchdog.settings().execTimeout().toMillis();
        if (timeout > 0) {
            // The pipe threads have no timer; the kill itself (it walks /proc) runs on one of them.
            resources.add(Schedulers.parallel()
                    .schedule(() -> pipes().schedule(this::timeOut), timeout, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * The response, once the process has exited or its output outgrew what is held back. Held
     * output lets a failing exit answer 500 {@code exit status N} followed by the output, as
     * the classic watchdog (which buffers everything) does; a larger output streams with 200
     * and a failing exit breaks the body instead.
     */
    Mono<InvocationResult> respond(String contentType) {
        return Mono.fromCallable(this::hold)
                .subscribeOn(pipes())
                .flatMap(held -> held.ended()
                        ? ended(contentType, held.chunks())
                        : Mono.just(new InvocationResult(
                                200, ForkingWatchdog.headers(contentType, null), body(held.chunks()))))
                .doOnNext(result -> responded.set(true))
                .doOnCancel(() -> {
                    if (!responded.get()) {
                        abort();
                    }
                })
                .onErrorMap(IOException.class, e -> {
                    abort();
                    return new UpstreamException("reading " + watchdog.instance() + " failed: " + e, e);
                });
    }

    /** Reads output until it ends or exceeds {@link #HOLD}. */
    private Held hold() throws IOException {
        List<DataBuffer> chunks = new ArrayList<>();
        long held = 0;
        while (held < HOLD) {
            DataBuffer next = stdout.read();
            if (next == null) {
                return new Held(chunks, true);
            }
            chunks.add(next);
            held += next.readableByteCount();
        }
        return new Held(chunks, false);
    }

    private record Held(List<DataBuffer> chunks, boolean ended) {}

    private Flux<DataBuffer> body(List<DataBuffer> held) {
        // Killed after the headers went out: end the body with an error, so the caller sees a
        // broken response rather than a complete-looking truncated one.
        Mono<DataBuffer> verdict = Mono.defer(() -> bodyFailure.get() != null
                ? Mono.error(bodyFailure.get())
                : killed.get()
                        ? Mono.error(new UpstreamException(
                                watchdog.instance() + " exceeded exec_timeout "
                                        + watchdog.settings().execTimeout(),
                                new TimeoutException()))
                        : Mono.fromFuture(process.onExit()).flatMap(this::exitVerdict));
        return Flux.concat(Flux.fromIterable(held), stdout.rest(pipes()), verdict)
                .doFinally(this::finish);
    }

    /** A process that exits non-zero after its output streamed fails the body it wrote. */
    private Mono<DataBuffer> exitVerdict(Process exited) {
        if (exited.exitValue() == 0 || killed.get()) {
            return Mono.empty();
        }
        String why = outOfMemory().orElse("failed with exit status " + exited.exitValue());
        return Mono.error(new UpstreamException(
                watchdog.instance() + " " + why + " after its output began",
                new IllegalStateException("exit status " + exited.exitValue())));
    }

    private void finish(SignalType signal) {
        resources.dispose();
        if (signal == SignalType.ON_COMPLETE) {
            process.onExit().thenAcceptAsync(this::logCompletion, pipes()::schedule);
        } else {
            abort();
        }
    }

    /** The whole output is held: the exit decides, as in the classic watchdog. */
    private Mono<InvocationResult> ended(String contentType, List<DataBuffer> output) {
        return Mono.fromFuture(process.onExit())
                .flatMap(exited -> Mono.fromFuture(errorText, true).timeout(STDERR_DRAIN, Mono.just("")))
                .publishOn(pipes())
                .map(stderr -> {
                    resources.dispose();
                    // Measured before the answer, so the function's status already counts this call.
                    watchdog.meter().close(cgroup);
                    Throwable failed = bodyFailure.get();
                    if (failed != null) {
                        output.forEach(DataBufferUtils::release);
                        throw Exceptions.propagate(failed);
                    }
                    String duration = seconds();
                    if (killed.get()) {
                        return ForkingWatchdog.text(408, "Killed process.\n", duration);
                    }
                    if (process.exitValue() != 0) {
                        String oom = outOfMemory().orElse(null);
                        logCompletion(process);
                        String status = oom != null ? oom : "exit status " + process.exitValue();
                        return ForkingWatchdog.text(500, status + "\n" + text(output) + stderr, duration);
                    }
                    logCompletion(process);
                    return new InvocationResult(
                            200, ForkingWatchdog.headers(contentType, duration), Flux.fromIterable(output));
                });
    }

    private static String text(List<DataBuffer> output) {
        StringBuilder text = new StringBuilder();
        for (DataBuffer chunk : output) {
            text.append(chunk.toString(StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    private void drainStderr() {
        StringBuilder tail = new StringBuilder();
        OutputLines.pump(process.getErrorStream(), line -> {
            watchdog.log().appendWatchdog(watchdog.instance(), "stderr: " + line);
            tail.append(line).append('\n');
            if (tail.length() > ERROR_TAIL) {
                tail.delete(0, tail.length() - ERROR_TAIL);
            }
        });
        errorText.complete(tail.toString());
    }

    /**
     * Runs on a pipe thread before stdin is closed: the process is killed first, so it never
     * sees an end of input that the caller did not send.
     */
    private void bodyFailed(Throwable error) {
        if (bodyFailure.compareAndSet(null, error)) {
            watchdog.log().appendWatchdog(watchdog.instance(), "Request body failed: " + error.getMessage());
            ProcessTree.kill(process.toHandle());
        }
    }

    private void timeOut() {
        if (process.isAlive() && killed.compareAndSet(false, true)) {
            watchdog.log().appendWatchdog(watchdog.instance(), "Killing process: " + watchdog.fprocess());
            ProcessTree.kill(process.toHandle());
        }
    }

    /**
     * The call's accounting, read once its process has exited (and its cgroup removed): the
     * message when the kernel killed it for exceeding {@code limits.memory}.
     */
    private Optional<String> outOfMemory() {
        CgroupUsage usage = watchdog.meter().close(cgroup);
        return ResourceMeter.killedForMemory(usage)
                ? Optional.of(watchdog.meter().oomMessage())
                : Optional.empty();
    }

    private void logCompletion(Process exited) {
        FunctionLog log = watchdog.log();
        if (exited.exitValue() != 0) {
            CgroupUsage usage = watchdog.meter().close(cgroup);
            log.appendWatchdog(
                    watchdog.instance(),
                    "exit status " + exited.exitValue()
                            + (ResourceMeter.killedForMemory(usage)
                                    ? ", " + watchdog.meter().oomDetail(usage)
                                    : ""));
        }
        log.appendWatchdog(watchdog.instance(), "Wrote " + stdout.written() + " Bytes - Duration: " + seconds() + "s");
    }

    private void abort() {
        resources.dispose();
        pipes().schedule(() -> ProcessTree.kill(process.toHandle()));
    }

    /** Go's {@code %f}: seconds with six decimals. */
    private String seconds() {
        return String.format(Locale.ROOT, "%f", (System.nanoTime() - started) / 1e9);
    }

    private Scheduler pipes() {
        return watchdog.pipes();
    }
}
