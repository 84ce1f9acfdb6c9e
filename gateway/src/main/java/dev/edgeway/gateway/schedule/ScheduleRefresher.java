package dev.edgeway.gateway.schedule;

import dev.edgeway.gateway.pipeline.definition.Pipeline;
import dev.edgeway.gateway.pipeline.definition.PipelineDefinitions;
import dev.edgeway.gateway.pipeline.definition.PipelineSchedule;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.FunctionStatus;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads the schedules from the provider's function list, as cron-connector does, and from the
 * pipeline definitions (their {@code schedule}), on a short
 * interval and at once after every change through {@code /system/functions}. The list is the
 * one truth for every provider, including changes made behind the gateway's back (faas-netes,
 * kubectl), which a hook in the deploy path would miss; the immediate refresh makes the gateway's
 * own deploys, updates and deletes take effect without waiting for the interval.
 */
final class ScheduleRefresher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScheduleRefresher.class);

    private final FunctionProvider provider;
    private final PipelineDefinitions pipelines;
    private final TickScheduler scheduler;
    private final Duration interval;
    private final ZoneId defaultZone;
    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong appliedSequence = new AtomicLong();
    private final Map<String, String> reported = new ConcurrentHashMap<>();
    private final LastKnown functionSource = new LastKnown("functions");
    private final LastKnown pipelineSource = new LastKnown("pipelines");
    private volatile Disposable periodic = () -> {};
    private volatile boolean running;

    ScheduleRefresher(
            FunctionProvider provider,
            PipelineDefinitions pipelines,
            TickScheduler scheduler,
            Duration interval,
            ZoneId defaultZone) {
        this.provider = provider;
        this.pipelines = pipelines;
        this.scheduler = scheduler;
        this.interval = interval;
        this.defaultZone = defaultZone;
    }

    /**
     * Reads the function list and the pipelines now and applies both; a slower earlier read never
     * overrides a later one. A source that cannot be read (NATS away, the provider down) keeps the
     * schedules it gave last, so the other source's changes still apply.
     */
    void refresh() {
        long sequence = requested.incrementAndGet();
        Mono<List<Schedule>> functions = provider.namespaces()
                .flatMapMany(Flux::fromIterable)
                .concatMap(namespace -> provider.list(namespace).flatMapMany(Flux::fromIterable))
                .concatMap(function -> Mono.justOrEmpty(schedule(function)))
                .collectList();
        Mono<List<Schedule>> pipelineSchedules = Mono.fromCallable(pipelines::list)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(Flux::fromIterable)
                .concatMap(pipeline -> Mono.justOrEmpty(schedule(pipeline)))
                .collectList();
        Mono.zip(functionSource.read(functions), pipelineSource.read(pipelineSchedules))
                .subscribe(both -> apply(sequence, both.getT1(), both.getT2()));
    }

    private synchronized void apply(long sequence, List<Schedule> functions, List<Schedule> pipelines) {
        if (sequence > appliedSequence.get()) {
            appliedSequence.set(sequence);
            List<Schedule> schedules = new ArrayList<>(functions);
            schedules.addAll(pipelines);
            scheduler.apply(schedules);
        }
    }

    private Optional<Schedule> schedule(FunctionStatus function) {
        String namespace = function.namespace() == null ? provider.defaultNamespace() : function.namespace();
        try {
            return ScheduleAnnotations.read(function.name(), namespace, function.annotations(), defaultZone);
        } catch (InvalidScheduleException e) {
            // Deployed behind the gateway's back (its deploy refuses these): say so once per value.
            String qualified = function.name() + "." + namespace;
            if (!e.getMessage().equals(reported.put(qualified, e.getMessage()))) {
                log.warn("Not scheduling {}: annotation {}", qualified, e.getMessage());
            }
            return Optional.empty();
        }
    }

    private Optional<Schedule> schedule(Pipeline pipeline) {
        PipelineSchedule schedule = pipeline.schedule();
        if (schedule == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(PipelineScheduleCheck.read(pipeline.name(), schedule, defaultZone));
        } catch (InvalidScheduleException e) {
            // Saved while the cron trigger was off (its save refuses these): say so once per value.
            String qualified = "pipeline " + pipeline.name();
            if (!e.getMessage().equals(reported.put(qualified, e.getMessage()))) {
                log.warn("Not scheduling {}: {}", qualified, e.getMessage());
            }
            return Optional.empty();
        }
    }

    @Override
    public void start() {
        running = true;
        periodic = Flux.interval(Duration.ZERO, interval).subscribe(tick -> refresh());
    }

    @Override
    public void stop() {
        running = false;
        periodic.dispose();
        // Paused, not closed: a stopped context may be started again; the bean's close ends it.
        scheduler.pause();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
