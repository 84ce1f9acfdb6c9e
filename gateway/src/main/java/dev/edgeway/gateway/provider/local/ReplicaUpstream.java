package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.invoke.InvocationResult;
import dev.edgeway.gateway.invoke.UpstreamException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Calls to one HTTP-mode replica on its port. A call whose connection the replica cut because
 * the kernel killed it for exceeding {@code limits.memory} answers {@code 500 killed: memory
 * limit 128Mi exceeded}, as a classic call killed so does, instead of the 502 of a replica that
 * is merely unreachable: the caller learns that the function, not the gateway, must change.
 */
final class ReplicaUpstream implements FunctionUpstream {

    private final FunctionUpstream upstream;
    private final HttpModeProcess replica;
    private final int port;

    ReplicaUpstream(FunctionUpstream upstream, HttpModeProcess replica, int port) {
        this.upstream = upstream;
        this.replica = replica;
        this.port = port;
    }

    @Override
    public Mono<InvocationResult> exchange(Invocation invocation) {
        return upstream.exchange(invocation)
                .onErrorResume(UpstreamException.class, e -> Mono.fromCallable(() -> replica.killedForMemory(port))
                        // The cgroup is read from a file: off the event loop, on the failure path only.
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(killed -> killed.map(Mono::just).orElseGet(() -> Mono.error(e))));
    }
}
