package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.dag.model.FunctionTarget;
import dev.edgeway.dag.model.HttpTarget;
import dev.edgeway.dag.run.Payload;
import dev.edgeway.dag.run.StepCall;
import dev.edgeway.dag.run.StepInvoker;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Mono;

/**
 * The chain runner's {@link StepInvoker}: function steps through the invocation path, http steps
 * through the pooled client, each a Reactor call handed to the runner as its future. The future
 * is the one {@code toFuture()} returns, so the runner's cancel (timeout, cancelled run,
 * shutdown) cancels the subscription and the connection or forked process goes with it.
 */
public final class GatewayStepInvoker implements StepInvoker {

    private final FunctionStepInvoker functions;
    private final HttpStepInvoker http;

    public GatewayStepInvoker(FunctionStepInvoker functions, HttpStepInvoker http) {
        this.functions = functions;
        this.http = http;
    }

    @Override
    public CompletionStage<Payload> invoke(StepCall call) {
        Mono<Payload> answer =
                switch (call.step().target()) {
                    case FunctionTarget function -> functions.invoke(function, call);
                    case HttpTarget url -> http.invoke(url, call);
                };
        return answer.toFuture();
    }
}
