package dev.edgeway.gateway.provider.kubernetes;

import dev.edgeway.gateway.provider.ProviderException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs a blocking fabric8 call off the event loop and turns the API server's refusals into the
 * statuses faas-netes answers: 404, 409 and 400/422 pass through with the server's message
 * (faas-cli shows it), anything else is a 502 naming Kubernetes, the gateway's word for a failing upstream.
 */
final class KubernetesErrors {

    private KubernetesErrors() {}

    static <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work)
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(KubernetesClientException.class, KubernetesErrors::translate);
    }

    static Mono<Void> run(Runnable work) {
        return call(() -> {
                    work.run();
                    return Boolean.TRUE;
                })
                .then();
    }

    static ProviderException translate(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        HttpStatus status =
                switch (e.getCode()) {
                    case 404 -> HttpStatus.NOT_FOUND;
                    case 409 -> HttpStatus.CONFLICT;
                    case 400, 422 -> HttpStatus.BAD_REQUEST;
                    default -> HttpStatus.BAD_GATEWAY;
                };
        return new ProviderException(status, status == HttpStatus.BAD_GATEWAY ? "kubernetes: " + message : message);
    }
}
