package dev.edgeway.gateway.async;

import dev.edgeway.storage.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The workers inside the gateway: per queue, a few consumers on virtual threads pull calls one
 * at a time, each only when a global slot is free, and hand them to {@link AsyncCall}. A call
 * whose function is at its own bound goes back to the queue for a moment, so one busy function
 * does not hold every slot. While NATS is away the consumers wait and try again.
 */
final class QueueWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueWorker.class);
    private static final Duration PULL_WAIT = Duration.ofSeconds(1);
    private static final Duration OUTAGE_PAUSE = Duration.ofSeconds(1);

    private final InvocationQueue queue;
    private final AsyncCall calls;
    private final AsyncProperties properties;
    private final Semaphore slots;
    private final FunctionSlots functionSlots;
    private final Set<String> queues = ConcurrentHashMap.newKeySet();
    private final List<Thread> consumers = new ArrayList<>();
    private volatile boolean running;

    QueueWorker(InvocationQueue queue, AsyncCall calls, AsyncProperties properties, QueueMetrics metrics) {
        this.queue = queue;
        this.calls = calls;
        this.properties = properties;
        this.slots = new Semaphore(properties.maxInflight());
        this.functionSlots = new FunctionSlots(properties.maxInflightPerFunction());
        metrics.inFlight(() -> properties.maxInflight() - slots.availablePermits());
    }

    @Override
    public synchronized void start() {
        running = true;
        Set<String> known = Set.copyOf(queues);
        queues.clear();
        consume("");
        known.forEach(this::consume);
        // Named queues with calls left from before a restart; NATS may still be away, so not inline.
        Thread.ofVirtual().name("edgeway-async-queues").start(() -> {
            try {
                queue.knownQueues().forEach(this::consume);
            } catch (StoreUnavailableException e) {
                log.warn("Named async queues not resumed yet, they resume on their next call: {}", e.getMessage());
            }
        });
    }

    /** Starts consumers for a named queue the first time a call for it is seen here. */
    synchronized void consume(String queueName) {
        if (!running || !queues.add(queueName)) {
            return;
        }
        for (int i = 0; i < properties.workers(); i++) {
            String name = "edgeway-async-" + (queueName.isEmpty() ? "default" : queueName) + "-" + i;
            consumers.add(Thread.ofVirtual().name(name).start(() -> pull(queueName)));
        }
    }

    private void pull(String queueName) {
        while (running) {
            try {
                // Bounded, so a stop is seen within a second without interrupting a pull from NATS.
                if (!slots.tryAcquire(PULL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            boolean dispatched = false;
            try {
                Optional<QueuedCall> next = queue.next(queueName, PULL_WAIT);
                if (next.isPresent()) {
                    dispatched = dispatch(next.get());
                }
            } catch (StoreUnavailableException e) {
                log.debug("Async queue {} unavailable, trying again: {}", queueName, e.getMessage());
                LockSupport.parkNanos(OUTAGE_PAUSE.toNanos());
            } catch (RuntimeException e) {
                log.warn("Async queue {}: pulling a call failed", queueName, e);
                LockSupport.parkNanos(OUTAGE_PAUSE.toNanos());
            } finally {
                if (!dispatched) {
                    slots.release();
                }
            }
        }
    }

    /** Starts the call when its function has a slot; true when it took the global slot with it. */
    private boolean dispatch(QueuedCall call) {
        QueueRequest request = call.request();
        if (!functionSlots.tryTake(request)) {
            call.later(properties.busyDelay());
            return false;
        }
        calls.run(call)
                .doFinally(signal -> {
                    functionSlots.release(request);
                    slots.release();
                })
                .subscribe(
                        done -> {},
                        error -> log.warn(
                                "Async call {} to {} did not finish, it will be delivered again: {}",
                                request.callId(),
                                request.function(),
                                error.toString()));
        return true;
    }

    /**
     * Lets every consumer finish its pull (at most a second) rather than interrupting it: a pull
     * cut short may still be answered by NATS, leaving a call taken by nobody until its ack wait.
     * Calls already running finish on their own, or are delivered again if the gateway exits.
     */
    @Override
    public synchronized void stop() {
        running = false;
        for (Thread consumer : consumers) {
            try {
                consumer.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        consumers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
