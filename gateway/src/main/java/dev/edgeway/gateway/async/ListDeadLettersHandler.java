package dev.edgeway.gateway.async;

import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code GET /system/async/dead-letters[?function=name[.ns]&limit=N]}: failed calls, oldest first. */
public final class ListDeadLettersHandler {

    private final InvocationQueue queue;
    private final String defaultNamespace;

    ListDeadLettersHandler(InvocationQueue queue, String defaultNamespace) {
        this.queue = queue;
        this.defaultNamespace = defaultNamespace;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        return Mono.fromCallable(() -> {
                    DeadLetterFilter filter = DeadLetterFilter.from(request, defaultNamespace, 100);
                    List<DeadLetterView> views = queue.deadLetters(filter.function(), filter.limit()).stream()
                            .map(DeadLetterView::of)
                            .toList();
                    return views;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(views -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(views));
    }
}
