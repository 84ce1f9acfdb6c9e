package dev.edgeway.gateway.pipeline;

import dev.edgeway.dag.model.FunctionTarget;
import dev.edgeway.dag.model.HttpTarget;
import dev.edgeway.dag.run.StepCall;
import dev.edgeway.dag.run.StepInvoker;

/** The chain runner's {@link StepInvoker}: function steps through the invocation path, http steps through the pooled client. */
final class GatewayStepInvoker implements StepInvoker {

    private final FunctionStepInvoker functions;
    private final HttpStepInvoker http;

    GatewayStepInvoker(FunctionStepInvoker functions, HttpStepInvoker http) {
        this.functions = functions;
        this.http = http;
    }

    @Override
    public byte[] invoke(StepCall call) throws Exception {
        return switch (call.step().target()) {
            case FunctionTarget function -> functions.invoke(function, call);
            case HttpTarget url -> http.invoke(url, call);
        };
    }
}
