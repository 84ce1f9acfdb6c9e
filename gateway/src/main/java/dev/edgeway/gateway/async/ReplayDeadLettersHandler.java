package dev.edgeway.gateway.async;

import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /system/async/dead-letters/replay[?function=name[.ns]&limit=N]}: queues failed calls
 * again, oldest first, with their call ids and callbacks, and answers how many went back.
 */
public final class ReplayDeadLettersHandler {

    private final InvocationQueue queue;
    private final QueueWorker workers;
    private final String defaultNamespace;

    ReplayDeadLettersHandler(InvocationQueue queue, QueueWorker workers, String defaultNamespace) {
        this.queue = queue;
        this.workers = workers;
        this.defaultNamespace = defaultNamespace;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        return Mono.fromCallable(() -> {
                    DeadLetterFilter filter = DeadLetterFilter.from(request, defaultNamespace, 100);
                    List<StoredDeadLetter> letters = queue.deadLetters(filter.function(), filter.limit());
                    for (StoredDeadLetter letter : letters) {
                        queue.replay(letter);
                        workers.consume(letter.letter().request().queueName());
                    }
                    return letters.stream()
                            .map(letter -> letter.letter().request().callId())
                            .toList();
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(callIds -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("replayed", callIds.size(), "call_ids", callIds)));
    }
}
