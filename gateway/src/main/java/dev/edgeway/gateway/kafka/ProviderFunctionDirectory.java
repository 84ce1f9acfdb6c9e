package dev.edgeway.gateway.kafka;

import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.kafka.invoke.DeployedFunction;
import dev.edgeway.kafka.invoke.FunctionDirectory;
import java.util.List;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Flux;

/** The trigger's function list from the provider, every namespace, as the OpenFaaS connectors read it. */
final class ProviderFunctionDirectory implements FunctionDirectory {

    private final FunctionProvider provider;

    ProviderFunctionDirectory(FunctionProvider provider) {
        this.provider = provider;
    }

    @Override
    public CompletionStage<List<DeployedFunction>> functions() {
        return provider.namespaces()
                .flatMapMany(Flux::fromIterable)
                .concatMap(namespace ->
                        provider.list(namespace).flatMapMany(Flux::fromIterable).map(status -> of(status, namespace)))
                .collectList()
                .toFuture();
    }

    private static DeployedFunction of(FunctionStatus status, String namespace) {
        return new DeployedFunction(status.name(), namespace, status.annotations());
    }
}
