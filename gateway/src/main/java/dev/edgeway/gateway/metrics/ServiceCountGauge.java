package dev.edgeway.gateway.metrics;

import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.FunctionStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code gateway_service_count}: the desired replicas of every function, refreshed from the
 * provider on an interval as the OpenFaaS gateway does, labelled {@code name.namespace}.
 */
public class ServiceCountGauge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ServiceCountGauge.class);

    private final FunctionProvider provider;
    private final MultiGauge gauge;
    private final Duration interval;
    private volatile Disposable refresher = () -> {};
    private volatile boolean running;

    public ServiceCountGauge(FunctionProvider provider, MeterRegistry registry, Duration interval) {
        this.provider = provider;
        this.interval = interval;
        this.gauge = MultiGauge.builder("gateway.service.count")
                .description("Desired replicas per function")
                .register(registry);
    }

    /** Reads every namespace's functions once and replaces the gauge's rows. */
    public Mono<Void> refresh() {
        return provider.namespaces()
                .flatMapMany(Flux::fromIterable)
                .concatMap(ns -> provider.list(ns).flatMapMany(Flux::fromIterable))
                .map(ServiceCountGauge::row)
                .collectList()
                .doOnNext(rows -> gauge.register(rows, true))
                .then();
    }

    private static MultiGauge.Row<?> row(FunctionStatus status) {
        String ns = status.namespace();
        String name = ns == null || ns.isEmpty() ? status.name() : status.name() + "." + ns;
        return MultiGauge.Row.of(Tags.of("function_name", name), status.replicas());
    }

    @Override
    public void start() {
        refresher = Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(tick -> refresh().onErrorResume(e -> {
                    log.warn("Could not refresh gateway_service_count: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
        running = true;
    }

    @Override
    public void stop() {
        refresher.dispose();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
