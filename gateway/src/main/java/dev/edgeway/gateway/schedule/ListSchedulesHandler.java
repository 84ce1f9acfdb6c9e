package dev.edgeway.gateway.schedule;

import java.util.Comparator;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /system/schedules}: every schedule this gateway runs, functions by namespace and name, then pipelines,
 * with its next tick and, from the state shared through NATS, its last tick and outcome.
 */
public final class ListSchedulesHandler {

    private final TickScheduler scheduler;
    private final ScheduleLedger ledger;
    private final ScheduledCall call;

    ListSchedulesHandler(TickScheduler scheduler, ScheduleLedger ledger, ScheduledCall call) {
        this.scheduler = scheduler;
        this.ledger = ledger;
        this.call = call;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        // The ledger blocks on jnats: off the event loop.
        return Mono.fromCallable(() -> scheduler.planned().stream()
                        .map(planned -> ScheduleView.of(planned, ledger.read(planned.schedule()), call))
                        .sorted(Comparator.comparing(ScheduleView::sortKey))
                        .toList())
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(list -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(list));
    }
}
