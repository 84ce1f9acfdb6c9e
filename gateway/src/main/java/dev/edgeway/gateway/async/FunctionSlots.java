package dev.edgeway.gateway.async;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * How many calls of each function run at once, so a busy function cannot take every worker.
 * The bound is the function's own ({@code max_inflight} environment variable, or the
 * {@code com.edgeway.async.max_inflight} annotation), else the gateway's default; it is read
 * when the function's first call runs.
 */
final class FunctionSlots {

    static final String ANNOTATION = "com.edgeway.async.max_inflight";

    private final int defaultBound;
    private final ConcurrentMap<String, Semaphore> slots = new ConcurrentHashMap<>();

    FunctionSlots(int defaultBound) {
        this.defaultBound = defaultBound;
    }

    /** Takes a slot for the call's function; false when all of them are taken. */
    boolean tryTake(QueueRequest request) {
        return slots.computeIfAbsent(request.function(), name -> new Semaphore(bound(request)))
                .tryAcquire();
    }

    void release(QueueRequest request) {
        Semaphore semaphore = slots.get(request.function());
        if (semaphore != null) {
            semaphore.release();
        }
    }

    private int bound(QueueRequest request) {
        String value = request.annotations().get(ANNOTATION);
        if (value == null) {
            value = request.environment().get("max_inflight");
        }
        try {
            return value == null ? defaultBound : Math.max(1, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return defaultBound;
        }
    }
}
