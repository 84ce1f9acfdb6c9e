package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.BodyBytes;
import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.invoke.InvocationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The classic OpenFaaS watchdog, in process: every call forks {@code fprocess}, streams the
 * request body to its stdin and its stdout back as the response body ({@link ForkedCall}).
 * Unlike the Go watchdog, which buffers the whole output, the output is streamed with
 * back-pressure, so a function printing gigabytes costs a few chunks of memory. The price: the
 * status is decided by the first chunk, so a process that fails after printing something
 * still answers 200, and {@code X-Duration-Seconds} is only sent when the process ended
 * before the headers did.
 *
 * <p>The response's Content-Type is {@code content_type} when set, else the request's, as in
 * the classic watchdog; when neither is set it is {@code text/plain; charset=utf-8}, which is
 * what Go's content sniffing answers for the text most functions print.
 */
final class ForkingWatchdog implements FunctionUpstream {

    static final String DEFAULT_CONTENT_TYPE = "text/plain; charset=utf-8";

    private final String instance;
    private final FunctionCommand command;
    private final WatchdogSettings settings;
    private final FunctionLog log;
    private final Scheduler pipes;
    private final ForkAdmission admission;
    private final ResourceMeter meter;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    ForkingWatchdog(
            String instance,
            FunctionCommand command,
            WatchdogSettings settings,
            FunctionLog log,
            Scheduler pipes,
            ForkAdmission admission,
            ResourceMeter meter) {
        this.instance = instance;
        this.meter = meter;
        this.command = command;
        this.settings = settings;
        this.log = log;
        this.pipes = pipes;
        this.admission = admission;
    }

    @Override
    public Mono<InvocationResult> exchange(Invocation invocation) {
        long started = System.nanoTime();
        return admission
                .admit()
                .flatMap(permit -> Mono.fromCallable(() -> fork(invocation, started, permit))
                        .subscribeOn(pipes)
                        .doOnCancel(permit::release))
                .flatMap(call -> call.respond(contentType(invocation)))
                .onErrorResume(IOException.class, e -> Mono.just(notStarted(e)))
                .onErrorResume(ForkRejected.class, e -> Mono.just(tooManyRequests(e)));
    }

    private ForkedCall fork(Invocation invocation, long started, ForkPermit permit) throws IOException {
        log.appendWatchdog(instance, "Forking fprocess.");
        Map<String, String> cgi = settings.cgiHeaders() ? CgiEnvironment.of(invocation, command.env()) : Map.of();
        Process process;
        Cgroup cgroup = null;
        try {
            cgroup = meter.open();
            process = command.start(cgi, settings.combineOutput(), cgroup);
        } catch (IOException e) {
            meter.discard(cgroup);
            permit.release();
            throw e;
        }
        running.add(process);
        Cgroup measured = cgroup;
        // The slot is the process's: it is free once the process is gone, however the call ended.
        process.onExit().whenComplete((exited, e) -> {
            running.remove(process);
            permit.release();
            // The call's own answer usually closes it first; this covers calls that were cancelled.
            pipes.schedule(() -> meter.close(measured));
        });
        ForkedCall call = new ForkedCall(process, started, this, cgroup);
        call.start(invocation);
        return call;
    }

    private String contentType(Invocation invocation) {
        if (settings.contentType() != null) {
            return settings.contentType();
        }
        String requested = invocation.headers().getFirst(HttpHeaders.CONTENT_TYPE);
        return requested == null || requested.isEmpty() ? DEFAULT_CONTENT_TYPE : requested;
    }

    /** The classic watchdog answers a process that cannot be started with 500 and the reason. */
    private InvocationResult notStarted(IOException e) {
        log.appendWatchdog(instance, "Cannot start fprocess: " + e.getMessage());
        return text(500, e.getMessage() + "\n", null);
    }

    /** As OpenFaaS's {@code max_inflight} limiter answers, marked as the platform's own answer. */
    static InvocationResult tooManyRequests(ForkRejected e) {
        InvocationResult result = text(429, e.getMessage() + "\n", null);
        result.headers().set("X-OpenFaaS-Internal", "faas-middleware");
        return result;
    }

    /** Kills every call still running, when the function is removed or the gateway stops. */
    void stop() {
        running.forEach(process -> ProcessTree.kill(process.toHandle()));
    }

    String instance() {
        return instance;
    }

    String fprocess() {
        return command.fprocess();
    }

    WatchdogSettings settings() {
        return settings;
    }

    FunctionLog log() {
        return log;
    }

    Scheduler pipes() {
        return pipes;
    }

    ResourceMeter meter() {
        return meter;
    }

    /** A plain-text answer of the watchdog itself. */
    static InvocationResult text(int status, String body, @Nullable String duration) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new InvocationResult(status, headers(DEFAULT_CONTENT_TYPE, duration), BodyBytes.of(bytes));
    }

    static HttpHeaders headers(String contentType, @Nullable String duration) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, contentType);
        if (duration != null) {
            headers.set("X-Duration-Seconds", duration);
        }
        return headers;
    }
}
