package dev.edgeway.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The OpenFaaS gateway's invocation metrics, under their OpenFaaS names so existing dashboards
 * and alert rules keep working, plus in-flight requests and cold starts per function. Tags are
 * the function name ({@code name.namespace}) and the status code only, never a path or call id.
 */
public class FunctionMetrics {

    /** The Prometheus client's default histogram buckets, which OpenFaaS uses. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
    };

    private final MeterRegistry registry;
    // Meters are registered once per function and code, not built from tags on every call.
    private final Map<String, PerFunction> perFunction = new ConcurrentHashMap<>();

    public FunctionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A call has started: {@code gateway_function_invocation_started} and in-flight. The handle
     * records its end with the function's meters already at hand, so a call looks its function
     * up once and allocates no key for its status.
     */
    public Call started(String function) {
        PerFunction meters = perFunction.computeIfAbsent(function, f -> new PerFunction(registry, f));
        meters.started.incrementAndGet();
        meters.inFlight.incrementAndGet();
        return new Call(meters);
    }

    /** One started call, ended once with its status through {@link #completed}. */
    public static final class Call {
        private final PerFunction meters;

        private Call(PerFunction meters) {
            this.meters = meters;
        }

        /** The call has finished with a status: {@code gateway_function_invocation_total} and {@code gateway_functions_seconds}. */
        public void completed(int status, Duration duration) {
            meters.inFlight.decrementAndGet();
            Completed completed = meters.completed(status);
            completed.count.increment();
            completed.duration.record(duration);
        }
    }

    /** A function was woken from zero replicas and took this long to become ready. */
    public void coldStart(String function, Duration duration) {
        Timer.builder("gateway.function.cold.start")
                .description("Time from a call to a function at zero replicas until a replica was ready")
                .tag("function_name", function)
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(duration);
    }

    /** Completed invocations of a function, summed over status codes, for {@code invocationCount}. */
    public double invocationCount(String function) {
        return registry.find("gateway.function.invocation").tag("function_name", function).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** Calls of a function started since the gateway started, the autoscaler's rate signal. */
    public long startedCount(String function) {
        PerFunction meters = perFunction.get(function);
        return meters == null ? 0 : meters.started.get();
    }

    /** Calls of a function in progress now, the autoscaler's capacity signal. */
    public int inFlight(String function) {
        PerFunction meters = perFunction.get(function);
        return meters == null ? 0 : meters.inFlight.get();
    }

    /** The per-function values behind gauges, held strongly because gauges only keep weak references. */
    private static final class PerFunction {
        final AtomicLong started = new AtomicLong();
        final AtomicInteger inFlight = new AtomicInteger();
        private final MeterRegistry registry;
        private final String function;
        // By status code (HTTP's 100-599, and 499 for a caller gone), registered on first use.
        private final AtomicReferenceArray<Completed> byStatus = new AtomicReferenceArray<>(600);

        PerFunction(MeterRegistry registry, String function) {
            this.registry = registry;
            this.function = function;
            // A gauge, not a counter: Prometheus' Java client always appends _total to counters,
            // and dashboards built for OpenFaaS query the name without it. rate() works the same.
            Gauge.builder("gateway.function.invocation.started", started, AtomicLong::get)
                    .description("Function invocations started (monotonic)")
                    .tag("function_name", function)
                    .register(registry);
            Gauge.builder("gateway.function.inflight.requests", inFlight, AtomicInteger::get)
                    .description("Calls of a function currently in progress")
                    .tag("function_name", function)
                    .register(registry);
        }

        Completed completed(int status) {
            if (status < 0 || status >= byStatus.length()) {
                return Completed.register(registry, function, status);
            }
            Completed meters = byStatus.get(status);
            if (meters == null) {
                // Micrometer returns the meter already registered under the same id, so a race registers once.
                meters = Completed.register(registry, function, status);
                byStatus.set(status, meters);
            }
            return meters;
        }
    }

    private record Completed(Counter count, Timer duration) {
        static Completed register(MeterRegistry registry, String function, int status) {
            String code = Integer.toString(status);
            return new Completed(
                    Counter.builder("gateway.function.invocation")
                            .description("Function invocations by final status code")
                            .tags("function_name", function, "code", code)
                            .register(registry),
                    Timer.builder("gateway.functions")
                            .description("Function invocation duration")
                            .tags("function_name", function, "code", code)
                            .serviceLevelObjectives(BUCKETS)
                            .register(registry));
        }
    }
}
