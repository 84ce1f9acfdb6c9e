package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.invoke.InvocationResult;
import dev.edgeway.gateway.invoke.UpstreamException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Scheduler;

/**
 * One forked process serving one call: the request body goes to stdin, stdout becomes the
 * response body, stderr goes to the function log, and {@code exec_timeout} kills the process.
 * Every pipe is read or written on the {@code pipes} scheduler, one bounded chunk at a time.
 */
final class ForkedCall {

    private static final Logger logger = LoggerFactory.getLogger(ForkedCall.class);
    private static final int CHUNK = 32 * 1024;
    private static final int ERROR_TAIL = 8 * 1024;
    /** How long a failed call waits for the rest of stderr to reach its error text. */
    private static final Duration STDERR_DRAIN = Duration.ofSeconds(1);

    private final Process process;
    private final long started;
    private final String instance;
    private final String fprocess;
    private final WatchdogSettings settings;
    private final FunctionLog log;
    private final Scheduler pipes;
    private final AtomicBoolean killed = new AtomicBoolean();
    private final AtomicBoolean responded = new AtomicBoolean();
    private final AtomicLong written = new AtomicLong();
    private final Disposable.Composite resources = Disposables.composite();
    private final CompletableFuture<String> errorText = new CompletableFuture<>();

    ForkedCall(
            Process process,
            long started,
            String instance,
            String fprocess,
            WatchdogSettings settings,
            FunctionLog log,
            Scheduler pipes) {
        this.process = process;
        this.started = started;
        this.instance = instance;
        this.fprocess = fprocess;
        this.settings = settings;
        this.log = log;
        this.pipes = pipes;
    }

    void start(Invocation invocation) {
        feed(invocation);
        if (settings.combineOutput()) {
            errorText.complete("");
        } else {
            pipes.schedule(this::drainStderr);
        }
        long timeout = settings.execTimeout().toMillis();
        if (timeout > 0) {
            resources.add(pipes.schedule(this::timeOut, timeout, TimeUnit.MILLISECONDS));
        }
    }

    /** The response: status and headers once the first chunk (or the end) of stdout is known. */
    Mono<InvocationResult> respond(String contentType) {
        return Mono.fromCallable(this::read)
                .subscribeOn(pipes)
                .map(first -> new InvocationResult(200, headers(contentType, null), body(first)))
                .switchIfEmpty(Mono.defer(() -> ended(contentType)))
                .doOnNext(result -> responded.set(true))
                .doOnCancel(() -> {
                    if (!responded.get()) {
                        abort();
                    }
                })
                .onErrorMap(IOException.class, e -> {
                    abort();
                    return new UpstreamException("reading " + instance + " failed: " + e, e, false);
                });
    }

    private void feed(Invocation invocation) {
        OutputStream stdin = process.getOutputStream();
        if (!invocation.hasBody()) {
            close(stdin);
            return;
        }
        resources.add(invocation
                .body()
                .publishOn(pipes, 1)
                .doOnNext(buffer -> write(buffer, stdin))
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                .doFinally(signal -> close(stdin))
                // A function may exit without reading its input: the broken pipe is expected.
                .subscribe(null, e -> logger.debug("stdin of {} closed early: {}", instance, e.toString())));
    }

    private static void write(DataBuffer buffer, OutputStream stdin) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            stdin.write(bytes);
            stdin.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private void drainStderr() {
        StringBuilder tail = new StringBuilder();
        OutputLines.pump(process.getErrorStream(), line -> {
            log.appendWatchdog(instance, "stderr: " + line);
            tail.append(line).append('\n');
            if (tail.length() > ERROR_TAIL) {
                tail.delete(0, tail.length() - ERROR_TAIL);
            }
        });
        errorText.complete(tail.toString());
    }

    private void timeOut() {
        if (process.isAlive() && killed.compareAndSet(false, true)) {
            log.appendWatchdog(instance, "Killing process: " + fprocess);
            ProcessTree.kill(process.toHandle());
        }
    }

    private @Nullable DataBuffer read() throws IOException {
        byte[] bytes = new byte[CHUNK];
        int n = process.getInputStream().read(bytes);
        if (n < 0) {
            return null;
        }
        written.addAndGet(n);
        return DefaultDataBufferFactory.sharedInstance.wrap(n == CHUNK ? bytes : Arrays.copyOf(bytes, n));
    }

    private Flux<DataBuffer> body(DataBuffer first) {
        Flux<DataBuffer> rest = Flux.<DataBuffer>generate(sink -> {
                    try {
                        DataBuffer next = read();
                        if (next == null) {
                            sink.complete();
                        } else {
                            sink.next(next);
                        }
                    } catch (IOException e) {
                        sink.error(new UpstreamException("reading " + instance + " failed: " + e, e, false));
                    }
                })
                .subscribeOn(pipes);
        // Killed after the headers went out: end the body with an error, so the caller sees a
        // broken response rather than a complete-looking truncated one.
        Mono<DataBuffer> verdict = Mono.defer(() -> killed.get()
                ? Mono.error(new UpstreamException(
                        instance + " exceeded exec_timeout " + settings.execTimeout(), new TimeoutException(), true))
                : Mono.empty());
        return Flux.concat(Mono.just(first), rest, verdict).doFinally(this::finish);
    }

    private void finish(SignalType signal) {
        resources.dispose();
        if (signal == SignalType.ON_COMPLETE) {
            process.onExit().thenAcceptAsync(this::logCompletion, pipes::schedule);
        } else {
            abort();
        }
    }

    /** The process closed stdout without printing anything: its exit decides the status. */
    private Mono<InvocationResult> ended(String contentType) {
        return Mono.fromFuture(process.onExit())
                .flatMap(exited -> Mono.fromFuture(errorText, true).timeout(STDERR_DRAIN, Mono.just("")))
                .publishOn(pipes)
                .map(stderr -> {
                    resources.dispose();
                    String duration = seconds();
                    if (killed.get()) {
                        return text(408, "Killed process.\n", duration);
                    }
                    if (process.exitValue() != 0) {
                        return text(500, "exit status " + process.exitValue() + "\n" + stderr, duration);
                    }
                    logCompletion(process);
                    return new InvocationResult(200, headers(contentType, duration), Flux.empty());
                });
    }

    private void logCompletion(Process exited) {
        if (exited.exitValue() != 0) {
            log.appendWatchdog(instance, "exit status " + exited.exitValue());
        }
        log.appendWatchdog(instance, "Wrote " + written.get() + " Bytes - Duration: " + seconds() + "s");
    }

    private void abort() {
        resources.dispose();
        pipes.schedule(() -> ProcessTree.kill(process.toHandle()));
    }

    /** Go's {@code %f}: seconds with six decimals. */
    private String seconds() {
        return String.format(Locale.ROOT, "%f", (System.nanoTime() - started) / 1e9);
    }

    static InvocationResult text(int status, String body, @Nullable String duration) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new InvocationResult(
                status,
                headers(ForkingWatchdog.DEFAULT_CONTENT_TYPE, duration),
                Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes))));
    }

    private static HttpHeaders headers(String contentType, @Nullable String duration) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, contentType);
        if (duration != null) {
            headers.set("X-Duration-Seconds", duration);
        }
        return headers;
    }

    private static void close(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            logger.debug("closing stdin failed: {}", e.toString());
        }
    }
}
