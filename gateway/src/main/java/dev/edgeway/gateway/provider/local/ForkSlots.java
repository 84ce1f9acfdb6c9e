package dev.edgeway.gateway.provider.local;

import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.pool.InstrumentedPool;
import reactor.pool.PoolAcquirePendingLimitException;
import reactor.pool.PoolAcquireTimeoutException;
import reactor.pool.PoolBuilder;
import reactor.pool.PooledRef;

/**
 * One limit on processes forked at once, with a bounded queue of calls waiting for a slot.
 * reactor-pool keeps the books: its pending acquires are the queue, its acquire timeout is the
 * longest wait, and a waiting call whose caller goes away leaves the queue. The pooled objects
 * mean nothing; a slot is the right to run one process.
 */
final class ForkSlots {

    private final int limit;
    private final InstrumentedPool<Object> pool;

    ForkSlots(int limit, int queue) {
        this.limit = limit;
        this.pool = PoolBuilder.from(Mono.fromSupplier(Object::new))
                .sizeBetween(0, limit)
                .maxPendingAcquire(queue)
                .buildPool();
    }

    /**
     * A slot, at once or after waiting in the queue; {@link ForkRejected} when the queue is full
     * or the wait would exceed the timeout (zero waits without limit).
     */
    Mono<PooledRef<Object>> acquire(Duration timeout) {
        return pool.acquire(timeout).onErrorMap(ForkSlots::turnedAway, e -> new ForkRejected(limit));
    }

    private static boolean turnedAway(Throwable e) {
        return e instanceof PoolAcquirePendingLimitException || e instanceof PoolAcquireTimeoutException;
    }
}
