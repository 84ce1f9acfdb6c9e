package dev.edgeway.gateway.autoscaling;

import dev.edgeway.gateway.autoscaling.ReplicaDecision.LoadSample;
import dev.edgeway.gateway.metrics.FunctionMetrics;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.gateway.scaling.ReplicaCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every {@code interval}, samples each function's load from the gateway's own invocation
 * counters, asks {@link ReplicaDecision} how many replicas it should have and scales it through
 * the provider's scale call, so it works the same for local replicas and faas-netes. Each
 * change is logged and counted in {@code gateway_autoscaler_decisions_total}.
 */
public class Autoscaler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Autoscaler.class);

    private final FunctionProvider provider;
    private final FunctionMetrics metrics;
    private final ReplicaCache cache;
    private final MeterRegistry registry;
    private final AutoscalingProperties properties;
    private final long defaultMax;
    private final Clock clock;
    private final Map<String, LoadHistory> histories = new ConcurrentHashMap<>();
    private @Nullable Disposable ticks;

    public Autoscaler(
            FunctionProvider provider,
            FunctionMetrics metrics,
            ReplicaCache cache,
            MeterRegistry registry,
            AutoscalingProperties properties,
            long defaultMax,
            Clock clock) {
        this.provider = provider;
        this.metrics = metrics;
        this.cache = cache;
        this.registry = registry;
        this.properties = properties;
        this.defaultMax = defaultMax;
        this.clock = clock;
    }

    /** One tick over every namespace's functions; a function that fails is logged and skipped. */
    Mono<Void> tick() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        return provider.namespaces()
                .flatMapMany(Flux::fromIterable)
                .concatMap(
                        ns -> provider.list(ns).flatMapMany(Flux::fromIterable).concatMap(status -> {
                            seen.add(status.name() + "." + ns);
                            return scale(status.name(), ns, status).onErrorResume(e -> {
                                log.warn("Autoscaler could not scale {}.{}: {}", status.name(), ns, e.toString());
                                return Mono.empty();
                            });
                        }))
                .then(Mono.fromRunnable(() -> histories.keySet().retainAll(seen)));
    }

    private Mono<Void> scale(String name, String namespace, FunctionStatus status) {
        String function = name + "." + namespace;
        ScalingPolicy policy = ScalingPolicy.from(status.labels(), defaultMax);
        Instant now = clock.instant();
        long started = metrics.startedCount(function);
        int inFlight = metrics.inFlight(function);
        LoadHistory history =
                histories.computeIfAbsent(function, f -> new LoadHistory(now, started, status.replicas()));
        List<LoadSample> samples = history.record(
                now,
                started,
                inFlight,
                status.replicas(),
                status.availableReplicas(),
                status.usage() == null ? null : status.usage().cpu(),
                policy.type(),
                properties.stabilisationWindow());
        long desired = ReplicaDecision.desired(
                policy,
                status.replicas(),
                samples,
                history.lastActive(),
                history.replicasSince(),
                now,
                properties.stabilisationWindow());
        if (desired == status.replicas()) {
            return Mono.empty();
        }
        String direction = desired == 0 ? "zero" : desired > status.replicas() ? "up" : "down";
        log.info(
                "Autoscaling {} {} from {} to {} replicas ({} {} per replica target, last load {})",
                function,
                direction,
                status.replicas(),
                desired,
                policy.perReplica(),
                policy.type().name().toLowerCase(Locale.ROOT),
                samples.isEmpty() ? "none" : samples.getLast().load());
        return provider.scale(name, namespace, desired).doOnSuccess(v -> {
            history.scaledTo(now, desired);
            cache.evict(name, namespace);
            Counter.builder("gateway.autoscaler.decisions")
                    .description("Replica changes made by the autoscaler")
                    .tags("function_name", function, "direction", direction)
                    .register(registry)
                    .increment();
        });
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        Duration interval = properties.interval();
        ticks = Flux.interval(interval, interval)
                .onBackpressureDrop()
                .concatMap(tick -> tick().onErrorResume(e -> {
                    log.warn("Autoscaler tick failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = ticks;
        if (running != null) {
            running.dispose();
            ticks = null;
        }
    }

    @Override
    public boolean isRunning() {
        return ticks != null;
    }
}
