package dev.edgeway.kafka.invoke;

import java.util.concurrent.CompletionStage;

/**
 * Calls a function: the port the gateway implements on its one invocation path, so a call from
 * Kafka is resolved, scaled from zero and measured like a call of {@code /function/{name}}.
 */
public interface FunctionInvoker {

    /**
     * Calls the function. Completes with whatever status the function (or the gateway, e.g. 404
     * for an unknown function, 503 for no endpoints) answered; fails only when no answer came
     * (the function was unreachable, or timed out), which the trigger retries.
     */
    CompletionStage<InvocationOutcome> invoke(TriggerCall call);
}
