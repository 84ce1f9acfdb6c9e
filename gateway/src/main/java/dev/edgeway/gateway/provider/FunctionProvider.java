package dev.edgeway.gateway.provider;

import dev.edgeway.gateway.invoke.FunctionUpstream;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Knows where functions are and manages them. The gateway talks to exactly one provider: the
 * embedded {@code local} one, or a faas-provider over HTTP. Names and namespaces reaching a
 * provider are already valid DNS-1123 labels ({@link FunctionNames}); failures the caller should
 * see are {@link ProviderException}s.
 */
public interface FunctionProvider {

    /** The namespace used when a request names none. */
    String defaultNamespace();

    /** Every function in a namespace; an empty list when there are none. */
    Mono<List<FunctionStatus>> list(String namespace);

    /** One function, or empty when it does not exist. */
    Mono<FunctionStatus> status(String name, String namespace);

    /** Deploys a new function; the deployment's namespace is set. */
    Mono<Void> deploy(FunctionDeployment deployment);

    /** Replaces an existing function; fails with 404 when it does not exist. */
    Mono<Void> update(FunctionDeployment deployment);

    /** Removes a function; fails with 404 when it does not exist. */
    Mono<Void> delete(String name, String namespace);

    /** Sets the desired replicas (0 allowed); fails with 404 when the function does not exist. */
    Mono<Void> scale(String name, String namespace, long replicas);

    /** Where to send an invocation of a function that has a ready replica. */
    Mono<FunctionUpstream> upstream(String name, String namespace);

    /** The provider's name, orchestration and version. */
    Mono<ProviderInfo> info();

    /** The namespaces functions may live in. */
    Mono<List<String>> namespaces();

    /** The names of the secrets in a namespace (never their values). */
    Mono<List<Secret>> secrets(String namespace);

    /** Creates a secret; fails with 409 when it exists. */
    Mono<Void> createSecret(Secret secret);

    /** Replaces a secret's value; fails with 404 when it does not exist. */
    Mono<Void> updateSecret(Secret secret);

    /** Removes a secret; fails with 404 when it does not exist. */
    Mono<Void> deleteSecret(String name, String namespace);

    /** A function's log lines; ends with the log unless the request follows it. */
    Flux<LogEntry> logs(LogRequest request);

    /**
     * Completes when the provider can serve; fails with a {@link ProviderException} otherwise.
     * The OpenFaaS gateway's {@code /healthz} asks its provider the same question.
     */
    default Mono<Void> health() {
        return Mono.empty();
    }
}
