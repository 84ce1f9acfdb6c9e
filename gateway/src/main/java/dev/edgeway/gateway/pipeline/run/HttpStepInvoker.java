package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.dag.model.HttpTarget;
import dev.edgeway.dag.run.Payload;
import dev.edgeway.dag.run.StepCall;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.pipeline.definition.HttpHostAllowList;
import java.net.URI;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;

/**
 * Calls an {@code http} step with the gateway's pooled {@link HttpUpstreams} client: a POST of
 * the step's input to the URL, after checking its host against the allow-list again (it may
 * have changed since the definition was stored). The {@link Invocation} only carries method,
 * headers and body here; its function and namespace name the step for messages.
 */
public final class HttpStepInvoker {

    private final HttpUpstreams upstreams;
    private final HttpHostAllowList allowList;
    private final long maxOutput;

    public HttpStepInvoker(HttpUpstreams upstreams, HttpHostAllowList allowList, long maxOutput) {
        this.upstreams = upstreams;
        this.allowList = allowList;
        this.maxOutput = maxOutput;
    }

    public Mono<Payload> invoke(HttpTarget target, StepCall call) {
        Optional<String> refusal = allowList.refusal(target.url());
        if (refusal.isPresent()) {
            return Mono.error(new StepCallException("http " + target.url() + ": " + refusal.get()));
        }
        URI uri = URI.create(target.url());
        Invocation invocation = new Invocation(
                call.step().id().value(),
                "http",
                HttpMethod.POST,
                uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(),
                uri.getRawQuery(),
                StepRequests.headers(call),
                StepRequests.body(call),
                call.input().length > 0);
        return StepRequests.answer(upstreams.exchange(uri, invocation), "http " + target.url(), maxOutput);
    }
}
