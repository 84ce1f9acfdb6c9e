package dev.edgeway.gateway.async;

import dev.edgeway.storage.StoreUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.springframework.context.SmartLifecycle;

/**
 * The async queue's meters: depth and age of the oldest waiting call per queue (read from NATS
 * every few seconds in the background, because a scrape runs on an event loop and NATS calls
 * block), calls in flight, retries and dead letters per function. Names in
 * {@code docs/async.md}; tags are the queue or the function name only.
 */
final class QueueMetrics implements SmartLifecycle {

    private static final Duration REFRESH = Duration.ofSeconds(5);
    /** The {@code queue} tag of the queue every function without {@code com.openfaas.queue} shares. */
    static final String DEFAULT_QUEUE = "default";

    private final MeterRegistry registry;
    private final InvocationQueue queue;
    private final ConcurrentMap<String, QueueGauges> queues = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile Thread refresher;

    QueueMetrics(MeterRegistry registry, InvocationQueue queue) {
        this.registry = registry;
        this.queue = queue;
        gauges("");
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

    /** One request for every queue's depth, then one per queue that holds calls for its oldest. */
    void refresh() {
        try {
            Map<String, Long> depths = queue.depthByQueue();
            Set<String> names = new HashSet<>(queues.keySet());
            names.addAll(depths.keySet());
            for (String name : names) {
                long depth = depths.getOrDefault(name, 0L);
                QueueGauges gauges = gauges(name);
                gauges.depth().set(depth);
                gauges.oldestAgeSeconds()
                        .set(
                                depth == 0
                                        ? 0
                                        : queue.oldest(name)
                                                .map(at -> Math.max(
                                                        0,
                                                        Duration.between(at, Instant.now())
                                                                .toSeconds()))
                                                .orElse(0L));
            }
        } catch (StoreUnavailableException e) {
            // Keep the last values: NATS being away shows in the logs and in 503s.
        }
    }

    private QueueGauges gauges(String queueName) {
        return queues.computeIfAbsent(queueName, name -> {
            String tag = name.isEmpty() ? DEFAULT_QUEUE : name;
            QueueGauges gauges = new QueueGauges(new AtomicLong(), new AtomicLong());
            Gauge.builder("edgeway.async.queue.depth", gauges.depth(), AtomicLong::get)
                    .description("calls waiting or running in one async queue")
                    .tag("queue", tag)
                    .register(registry);
            Gauge.builder("edgeway.async.queue.oldest.age", gauges.oldestAgeSeconds(), AtomicLong::get)
                    .description("seconds since the oldest call in one async queue was accepted")
                    .tag("queue", tag)
                    .baseUnit("seconds")
                    .register(registry);
            return gauges;
        });
    }

    /** The values one queue's gauges show. */
    private record QueueGauges(AtomicLong depth, AtomicLong oldestAgeSeconds) {}

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
