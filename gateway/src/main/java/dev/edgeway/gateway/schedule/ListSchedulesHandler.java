package dev.edgeway.gateway.schedule;

import java.util.Comparator;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /system/schedules}: every schedule this gateway runs, by namespace and function,
 * with its next tick and, from the state shared through NATS, its last tick and outcome.
 */
public final class ListSchedulesHandler {

    private final TickScheduler scheduler;
    private final ScheduleLedger ledger;

    ListSchedulesHandler(TickScheduler scheduler, ScheduleLedger ledger) {
        this.scheduler = scheduler;
        this.ledger = ledger;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        // The ledger blocks on jnats: off the event loop.
        return Mono.fromCallable(() -> scheduler.planned().stream()
                        .map(planned -> ScheduleView.of(planned, ledger.read(planned.schedule())))
                        .sorted(Comparator.comparing(ScheduleView::namespace).thenComparing(ScheduleView::function))
                        .toList())
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(list -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(list));
    }
}
