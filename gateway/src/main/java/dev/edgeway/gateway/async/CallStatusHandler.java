package dev.edgeway.gateway.async;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code GET /system/async/calls/{callId}}: the call's state, attempts, last status and times. */
public final class CallStatusHandler {

    private final CallStatuses statuses;
    private final AsyncProperties properties;

    CallStatusHandler(CallStatuses statuses, AsyncProperties properties) {
        this.statuses = statuses;
        this.properties = properties;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        String callId = request.pathVariable("callId");
        return Mono.fromCallable(() -> statuses.find(callId))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(found -> found.map(status -> ServerResponse.ok()
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(status))
                        .orElseGet(() -> AsyncProblems.problem(
                                request,
                                HttpStatus.NOT_FOUND,
                                "call-not-found",
                                "Call not found",
                                "call: " + callId + " (expected: a call accepted within " + properties.statusRetention()
                                        + ")")));
    }
}
