package dev.edgeway.kafka.support;

import dev.edgeway.kafka.invoke.DeployedFunction;
import dev.edgeway.kafka.invoke.FunctionDirectory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** The function list the trigger reads its topic annotations from; tests deploy and delete in it. */
public final class TestDirectory implements FunctionDirectory {

    private final Map<String, DeployedFunction> functions = new ConcurrentHashMap<>();

    public void deploy(String name, Map<String, String> annotations) {
        functions.put(name, new DeployedFunction(name, "openfaas-fn", annotations));
    }

    public void delete(String name) {
        functions.remove(name);
    }

    @Override
    public CompletionStage<List<DeployedFunction>> functions() {
        return CompletableFuture.completedFuture(List.copyOf(functions.values()));
    }
}
