package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.FunctionUpstream;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Replicas of a classic function. Nothing runs between calls, so a replica is only a count:
 * every replica is ready at once, and zero replicas means calls are refused until the
 * function is scaled up again (which scale-from-zero does).
 */
final class ForkedReplicas implements Replicas {

    private final ForkingWatchdog watchdog;
    private volatile int desired;

    ForkedReplicas(ForkingWatchdog watchdog) {
        this.watchdog = watchdog;
    }

    @Override
    public void scale(int replicas) {
        desired = replicas;
    }

    @Override
    public int available() {
        return desired;
    }

    @Override
    public Optional<FunctionUpstream> next() {
        return desired > 0 ? Optional.of(watchdog) : Optional.empty();
    }

    @Override
    public ResourceMeter meter() {
        return watchdog.meter();
    }

    @Override
    public Mono<Void> stop() {
        desired = 0;
        return Mono.fromRunnable(watchdog::stop);
    }
}
