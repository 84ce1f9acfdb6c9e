package dev.edgeway.storage.web;

import dev.edgeway.storage.task.InvalidInputException;
import org.springframework.http.server.PathContainer;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Refuses paths with {@code ;} in a segment. Spring's path matching drops what follows a
 * {@code ;} (RFC 3986 matrix parameters), so {@code PUT .../variables/t/a;b} would otherwise
 * store variable {@code a}: the caller would write another key than the one it named.
 */
final class MatrixParameters {

    private static final String RULE = "a path segment without ';'";

    private MatrixParameters() {}

    static Mono<ServerResponse> reject(ServerRequest request, HandlerFunction<ServerResponse> next) {
        for (PathContainer.Element element :
                request.requestPath().pathWithinApplication().elements()) {
            // The raw segment, before Spring splits the parameters off it.
            if (element instanceof PathContainer.PathSegment segment
                    && segment.value().indexOf(';') >= 0) {
                return Mono.error(new InvalidInputException("path", segment.value(), RULE));
            }
        }
        return next.handle(request);
    }
}
