package dev.edgeway.kafka.invoke;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Lists the deployed functions with their annotations: the port the gateway implements over its provider. */
public interface FunctionDirectory {

    /** Every function in every namespace. */
    CompletionStage<List<DeployedFunction>> functions();
}
