package dev.edgeway.gateway.provider.local;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.pool.PooledRef;

/**
 * The slots one forked call holds (its function's and the shared one). Given back exactly
 * once, whichever comes first: the process exited, it could not start, or the caller left
 * before it was forked.
 */
final class ForkPermit {

    private final List<PooledRef<Object>> slots;
    private final AtomicBoolean released = new AtomicBoolean();

    ForkPermit(List<PooledRef<Object>> slots) {
        this.slots = List.copyOf(slots);
    }

    void release() {
        if (released.compareAndSet(false, true)) {
            slots.forEach(slot -> slot.release().subscribe());
        }
    }
}
