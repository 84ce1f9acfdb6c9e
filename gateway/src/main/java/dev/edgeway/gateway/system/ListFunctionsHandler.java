package dev.edgeway.gateway.system;

import dev.edgeway.gateway.metrics.FunctionMetrics;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.FunctionStatus;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /system/functions[?namespace=]}: every function, with the gateway's invocation counts. */
@Component
public class ListFunctionsHandler {

    private final FunctionProvider provider;
    private final FunctionMetrics metrics;

    public ListFunctionsHandler(FunctionProvider provider, FunctionMetrics metrics) {
        this.provider = provider;
        this.metrics = metrics;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        String namespace = RequestNamespace.of(request, provider.defaultNamespace());
        return provider.list(namespace)
                .map(functions -> withCounts(functions, namespace))
                .flatMap(functions -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(functions));
    }

    private List<FunctionStatus> withCounts(List<FunctionStatus> functions, String namespace) {
        return functions.stream()
                .map(f -> f.withInvocationCount(metrics.invocationCount(f.name() + "." + namespace)))
                .toList();
    }
}
