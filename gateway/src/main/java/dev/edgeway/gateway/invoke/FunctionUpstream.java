package dev.edgeway.gateway.invoke;

import reactor.core.publisher.Mono;

/**
 * Where a provider sends an invocation: a function replica over HTTP, or a process the local
 * provider forks. Fails with {@link UpstreamException} when the function cannot be reached.
 */
@FunctionalInterface
public interface FunctionUpstream {

    Mono<InvocationResult> exchange(Invocation invocation);
}
