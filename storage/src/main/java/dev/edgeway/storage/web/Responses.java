package dev.edgeway.storage.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** JSON responses written with the storage API's own mapper. */
final class Responses {

    private Responses() {}

    static Mono<ServerResponse> json(HttpStatus status, Object body, long revision) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .eTag(Conditions.etag(revision))
                .bodyValue(StorageJson.write(body));
    }

    static Mono<ServerResponse> json(HttpStatus status, Object body) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(StorageJson.write(body));
    }
}
