package dev.edgeway.kafka.routing;

import dev.edgeway.kafka.invoke.DeployedFunction;
import dev.edgeway.kafka.invoke.FunctionDirectory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Reads the functions' topic annotations again every {@code edgeway.kafka.refresh-interval}, so
 * deploys, updates and deletes change the subscriptions without a restart. A failed read keeps
 * the last routes and is logged once until a read succeeds again.
 */
public final class RouteRefresher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RouteRefresher.class);

    private final FunctionDirectory directory;
    private final TopicRoutes routes;
    private final TaskScheduler scheduler;
    private final Duration interval;
    private volatile @Nullable ScheduledFuture<?> task;
    private volatile boolean failing;

    public RouteRefresher(FunctionDirectory directory, TopicRoutes routes, TaskScheduler scheduler, Duration interval) {
        this.directory = directory;
        this.routes = routes;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    /** Reads the function list now; blocking, for the scheduler's thread. */
    public void refresh() {
        try {
            List<DeployedFunction> functions = directory
                    .functions()
                    .toCompletableFuture()
                    .get(interval.toMillis() * 5 + 5000, TimeUnit.MILLISECONDS);
            routes.replace(functions);
            if (failing) {
                log.info("Kafka trigger: the function list is readable again");
                failing = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!failing) {
                log.warn(
                        "Kafka trigger: cannot read the function list, keeping the last topic routes: {}",
                        e.toString());
                failing = true;
            }
        }
    }

    @Override
    public void start() {
        task = scheduler.scheduleWithFixedDelay(this::refresh, interval);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = task;
        if (running != null) {
            running.cancel(false);
        }
        task = null;
    }

    @Override
    public boolean isRunning() {
        return task != null;
    }

    /** Before the listener container (phase {@code Integer.MAX_VALUE - 100}), so routes load first. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
