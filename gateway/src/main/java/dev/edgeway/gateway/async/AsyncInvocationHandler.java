package dev.edgeway.gateway.async;

import dev.edgeway.gateway.config.GatewayVersion;
import dev.edgeway.gateway.error.OpenFaasErrors;
import dev.edgeway.gateway.invoke.CallIds;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.proxy.CallIdHeaders;
import dev.edgeway.gateway.proxy.FunctionPath;
import dev.edgeway.gateway.proxy.HopByHopHeaders;
import dev.edgeway.gateway.server.RequestBody;
import dev.edgeway.storage.StoreUnavailableException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /async-function/{name}[.{namespace}][/{path}]}: checks the function exists (CE
 * accepts unknown ones, openfaas/faas#1298), stores the whole request in the queue and answers
 * 202 with an empty body only once it is stored.
 */
public final class AsyncInvocationHandler {

    static final String PREFIX = "/async-function/";
    static final String QUEUE_ANNOTATION = "com.openfaas.queue";
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final FunctionProvider provider;
    private final InvocationQueue queue;
    private final CallbackTargets callbacks;
    private final GatewayVersion version;
    private final AsyncProperties properties;
    private final QueueWorker workers;
    private final CallStatuses statuses;

    AsyncInvocationHandler(
            FunctionProvider provider,
            InvocationQueue queue,
            CallbackTargets callbacks,
            GatewayVersion version,
            AsyncProperties properties,
            QueueWorker workers,
            CallStatuses statuses) {
        this.workers = workers;
        this.statuses = statuses;
        this.provider = provider;
        this.queue = queue;
        this.callbacks = callbacks;
        this.version = version;
        this.properties = properties;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        String raw = request.requestPath().pathWithinApplication().value();
        FunctionPath target = FunctionPath.parse(raw.substring(PREFIX.length()), provider.defaultNamespace())
                .orElseThrow(() -> new ProviderException(HttpStatus.NOT_FOUND, OpenFaasErrors.PAGE_NOT_FOUND));
        String callbackHeader = request.headers().firstHeader(AsyncHeaders.CALLBACK_URL);
        URI callback = callbackHeader == null ? null : CallbackUrl.parse(callbackHeader);
        long limit = properties.maxBodySize().toBytes();
        if (request.headers().contentLength().orElse(0) > limit) {
            return tooLarge(limit);
        }
        Instant now = Instant.now();
        String callId = callId(request.headers().firstHeader(CallIdHeaders.CALL_ID));
        String startTime = Long.toString(now.getEpochSecond() * 1_000_000_000L + now.getNano());
        return provider.status(target.name(), target.namespace())
                .switchIfEmpty(Mono.error(() -> ProviderException.functionNotFound(target.name(), target.namespace())))
                .flatMap(function -> RequestBody.read(request, limit)
                        .map(body -> queueRequest(request, target, function, body, callback, callId, startTime)))
                .flatMap(queued ->
                        Mono.fromCallable(() -> store(queued, callback)).subscribeOn(Schedulers.boundedElastic()))
                .flatMap(stored -> stored
                        ? ServerResponse.accepted()
                                .header(CallIdHeaders.CALL_ID, callId)
                                .header(CallIdHeaders.START_TIME, startTime)
                                .header("X-Served-By", version.servedBy())
                                .build()
                        : tooLarge(queue.maxCallSize()))
                .onErrorResume(RequestBody.TooLarge.class, e -> tooLarge(limit))
                .onErrorResume(StoreUnavailableException.class, this::unavailable);
    }

    /** Checks the callback target (a DNS lookup) and stores the call; false when it is too large. */
    private boolean store(QueueRequest queued, @Nullable URI callback) {
        if (callback != null) {
            callbacks.check(callback);
        }
        if (queue.sizeOf(queued) > queue.maxCallSize()) {
            return false;
        }
        // Before the enqueue: a worker may start the call at once, and its status must win.
        statuses.record(CallStatus.queued(queued, Instant.now()));
        queue.enqueue(queued);
        workers.consume(queued.queueName());
        return true;
    }

    private QueueRequest queueRequest(
            ServerRequest request,
            FunctionPath target,
            FunctionStatus function,
            byte[] body,
            @Nullable URI callback,
            String callId,
            String startTime) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().asHttpHeaders().forEach((name, values) -> {
            if (!HopByHopHeaders.isHopByHop(name)
                    && !name.equalsIgnoreCase(HttpHeaders.HOST)
                    && !name.equalsIgnoreCase(CallIdHeaders.CALL_ID)
                    && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                headers.put(name, List.copyOf(values));
            }
        });
        headers.put(CallIdHeaders.CALL_ID, List.of(callId));
        headers.put(CallIdHeaders.START_TIME, List.of(startTime));
        String queueName = function.annotations().getOrDefault(QUEUE_ANNOTATION, "");
        if (!queueName.isEmpty() && !QUEUE_NAME.matcher(queueName).matches()) {
            throw ProviderException.badRequest("annotation " + QUEUE_ANNOTATION + ": " + queueName
                    + " (expected: 1 to 64 letters, digits, - or _)");
        }
        // The shared queue's name in metrics and docs: naming it means the shared queue, not a second one.
        if (queueName.equals(QueueMetrics.DEFAULT_QUEUE)) {
            queueName = "";
        }
        String maxInflight = function.envVars().get("max_inflight");
        return new QueueRequest(
                headers,
                request.headers().firstHeader(HttpHeaders.HOST),
                body,
                request.method().name(),
                target.subPath().equals("/") && !request.requestPath().value().endsWith("/") ? "" : target.subPath(),
                request.uri().getRawQuery(),
                target.name() + "." + target.namespace(),
                queueName,
                function.annotations(),
                maxInflight == null ? Map.of() : Map.of("max_inflight", maxInflight),
                callback == null ? null : callback.toString(),
                null);
    }

    private Mono<ServerResponse> unavailable(StoreUnavailableException e) {
        return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(
                        HttpHeaders.RETRY_AFTER,
                        Long.toString(Math.max(1, properties.retryAfter().toSeconds())))
                .header(HttpHeaders.CONTENT_TYPE, OpenFaasErrors.TEXT_PLAIN_UTF8)
                .bodyValue("The async queue is unavailable: " + e.getMessage());
    }

    private static Mono<ServerResponse> tooLarge(long limit) {
        return OpenFaasErrors.response(
                HttpStatus.CONTENT_TOO_LARGE,
                "request body: larger than the async queue accepts (expected: at most " + limit + " bytes)");
    }

    private static String callId(@Nullable String given) {
        return given == null || given.isBlank() ? CallIds.random() : given;
    }
}
