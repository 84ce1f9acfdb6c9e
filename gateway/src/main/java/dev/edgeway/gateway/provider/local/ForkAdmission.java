package dev.edgeway.gateway.provider.local;

import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.pool.PooledRef;

/**
 * Admits a function's forked calls within two limits: its own, so that one busy function
 * cannot take every slot, and the one all classic functions share, which bounds the processes
 * and pipe threads of the whole gateway. A call waits for its function's slot first, then for
 * a shared one; both waits together last at most the queue timeout.
 */
final class ForkAdmission {

    /** Shorter waits are rounded up: a zero timeout would mean waiting without limit. */
    private static final Duration LEAST_WAIT = Duration.ofMillis(1);

    private final ForkSlots function;
    private final ForkSlots shared;
    private final Duration timeout;

    ForkAdmission(ForkSlots function, ForkSlots shared, Duration timeout) {
        this.function = function;
        this.shared = shared;
        this.timeout = timeout;
    }

    /** A permit to fork, or {@link ForkRejected}. */
    Mono<ForkPermit> admit() {
        return Mono.defer(() -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            return function.acquire(timeout).flatMap(own -> shared.acquire(remaining(deadline))
                    .map(slot -> new ForkPermit(List.of(own, slot)))
                    .doOnError(e -> giveBack(own))
                    .doOnCancel(() -> giveBack(own)));
        });
    }

    private Duration remaining(long deadline) {
        if (timeout.isZero()) {
            return Duration.ZERO;
        }
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        return left.compareTo(LEAST_WAIT) < 0 ? LEAST_WAIT : left;
    }

    private static void giveBack(PooledRef<Object> slot) {
        slot.release().subscribe();
    }
}
