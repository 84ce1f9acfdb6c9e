package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.dag.model.FunctionTarget;
import dev.edgeway.dag.run.Payload;
import dev.edgeway.dag.run.StepCall;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.invoke.Invocation;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;

/**
 * Calls a {@code function} step through the gateway's one {@link FunctionInvoker}, so scale from
 * zero, the provider and the invocation metrics apply as for {@code /function/{name}}: a POST of
 * the step's input to the function's root path.
 */
public final class FunctionStepInvoker {

    private final FunctionInvoker invoker;
    private final String defaultNamespace;
    private final long maxOutput;

    public FunctionStepInvoker(FunctionInvoker invoker, String defaultNamespace, long maxOutput) {
        this.invoker = invoker;
        this.defaultNamespace = defaultNamespace;
        this.maxOutput = maxOutput;
    }

    public Mono<Payload> invoke(FunctionTarget target, StepCall call) {
        String namespace = target.namespaceIfSet().orElse(defaultNamespace);
        Invocation invocation = new Invocation(
                target.name(),
                namespace,
                HttpMethod.POST,
                "/",
                null,
                StepRequests.headers(call),
                StepRequests.body(call),
                call.input().length > 0);
        return StepRequests.answer(
                invoker.invoke(invocation), "function " + target.name() + "." + namespace, maxOutput);
    }
}
