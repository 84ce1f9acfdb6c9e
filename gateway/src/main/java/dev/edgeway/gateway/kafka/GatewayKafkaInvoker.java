package dev.edgeway.gateway.kafka;

import dev.edgeway.gateway.error.OpenFaasErrors;
import dev.edgeway.gateway.invoke.BodyBytes;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.invoke.InvocationResult;
import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.proxy.CallIdHeaders;
import dev.edgeway.kafka.invoke.InvocationOutcome;
import dev.edgeway.kafka.invoke.TriggerCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;

/**
 * The trigger's {@link dev.edgeway.kafka.invoke.FunctionInvoker} on the gateway's one
 * {@link FunctionInvoker}: provider lookup, scale from zero and the OpenFaaS invocation metrics
 * apply to a call from Kafka as to {@code /function/{name}}. A provider refusal (404 unknown
 * function, 503 no endpoints, 504 not ready) becomes that status; an unreachable or timed-out
 * function fails the call, which the trigger retries.
 */
final class GatewayKafkaInvoker implements dev.edgeway.kafka.invoke.FunctionInvoker {

    private final FunctionInvoker invoker;
    private final String defaultNamespace;
    private final int maxResponse;

    GatewayKafkaInvoker(FunctionInvoker invoker, String defaultNamespace, int maxResponse) {
        this.invoker = invoker;
        this.defaultNamespace = defaultNamespace;
        this.maxResponse = maxResponse;
    }

    @Override
    public CompletionStage<InvocationOutcome> invoke(TriggerCall call) {
        long start = System.nanoTime();
        String namespace = call.namespace() == null ? defaultNamespace : call.namespace();
        return Mono.defer(() -> {
                    FunctionNames.requireService(call.function());
                    FunctionNames.requireNamespace(namespace);
                    return invoker.invoke(invocation(call, namespace));
                })
                .flatMap(result -> read(result, start))
                .onErrorResume(
                        ProviderException.class,
                        refused -> Mono.just(new InvocationOutcome(
                                refused.status().value(),
                                OpenFaasErrors.TEXT_PLAIN_UTF8,
                                String.valueOf(refused.getMessage()).getBytes(StandardCharsets.UTF_8),
                                elapsed(start))))
                .toFuture();
    }

    private static Invocation invocation(TriggerCall call, String namespace) {
        HttpHeaders headers = new HttpHeaders();
        call.headers().forEach(headers::addAll);
        headers.set(CallIdHeaders.CALL_ID, call.callId());
        headers.setContentLength(call.body().length);
        return new Invocation(
                call.function(),
                namespace,
                HttpMethod.valueOf(call.method()),
                call.path(),
                call.rawQuery(),
                headers,
                BodyBytes.of(call.body()),
                call.body().length > 0);
    }

    /**
     * The whole response, up to {@code maxResponse} bytes (a reply topic has a record size limit);
     * a longer one fails the call with {@code DataBufferLimitException}.
     */
    private Mono<InvocationOutcome> read(InvocationResult result, long start) {
        String contentType = result.headers().getFirst(HttpHeaders.CONTENT_TYPE);
        return BodyBytes.join(result.body(), maxResponse)
                .map(bytes -> new InvocationOutcome(result.status(), contentType, bytes, elapsed(start)));
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
