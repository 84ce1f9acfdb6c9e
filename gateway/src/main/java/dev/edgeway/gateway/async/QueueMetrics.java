package dev.edgeway.gateway.async;

import dev.edgeway.storage.StoreUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.springframework.context.SmartLifecycle;

/**
 * The async queue's meters: depth and age of the oldest waiting call (all queues together, read
 * from NATS every few seconds in the background, because a scrape runs on an event loop and
 * NATS calls block), calls in flight, retries and dead letters per function. Names in
 * {@code docs/async.md}; tags are the function name only.
 */
final class QueueMetrics implements SmartLifecycle {

    private static final Duration REFRESH = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final InvocationQueue queue;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private volatile boolean running;
    private volatile Thread refresher;

    QueueMetrics(MeterRegistry registry, InvocationQueue queue) {
        this.registry = registry;
        this.queue = queue;
        Gauge.builder("edgeway.async.queue.depth", depth, AtomicLong::get)
                .description("calls waiting or running in the async queue")
                .register(registry);
        Gauge.builder("edgeway.async.queue.oldest.age", oldestAgeSeconds, AtomicLong::get)
                .description("seconds since the oldest call in the async queue was accepted")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Shows the calls running now; the supplier is read at each scrape. */
    void inFlight(IntSupplier running) {
        Gauge.builder("edgeway.async.inflight", running::getAsInt)
                .description("async calls running in this gateway")
                .register(registry);
    }

    void retried(String function) {
        Counter.builder("edgeway.async.retries")
                .tag("function_name", function)
                .register(registry)
                .increment();
    }

    void deadLettered(String function) {
        Counter.builder("edgeway.async.dead.letters")
                .tag("function_name", function)
                .register(registry)
                .increment();
    }

    @Override
    public void start() {
        running = true;
        refresher = Thread.ofVirtual().name("edgeway-async-metrics").start(() -> {
            while (running) {
                refresh();
                LockSupport.parkNanos(REFRESH.toNanos());
            }
        });
    }

    private void refresh() {
        try {
            depth.set(queue.depth());
            oldestAgeSeconds.set(queue.oldest()
                    .map(at -> Math.max(0, Duration.between(at, Instant.now()).toSeconds()))
                    .orElse(0L));
        } catch (StoreUnavailableException e) {
            // Keep the last values: NATS being away shows in the logs and in 503s.
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread current = refresher;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
