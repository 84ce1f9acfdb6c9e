package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.storage.StoreUnavailableException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Once the gateway is up, queues the background runs that were accepted (202) but never
 * started, because the gateway that queued them was killed. NATS may come up after the
 * gateway, so the recovery waits for it with a backoff.
 */
public final class QueuedRunRecovery implements ApplicationListener<ApplicationReadyEvent>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueuedRunRecovery.class);

    private final BackgroundRuns runs;
    private Disposable recovery = Disposables.disposed();

    public QueuedRunRecovery(BackgroundRuns runs) {
        this.runs = runs;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        recovery = Mono.fromCallable(runs::recoverQueued)
                .subscribeOn(Schedulers.boundedElastic())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                        .maxBackoff(Duration.ofSeconds(30))
                        .filter(StoreUnavailableException.class::isInstance))
                .subscribe(
                        recovered -> {
                            if (recovered > 0) {
                                log.info("Queued {} pipeline run(s) accepted before a restart", recovered);
                            }
                        },
                        e -> log.warn("Could not recover queued pipeline runs: {}", e.toString()));
    }

    @Override
    public void close() {
        recovery.dispose();
    }
}
