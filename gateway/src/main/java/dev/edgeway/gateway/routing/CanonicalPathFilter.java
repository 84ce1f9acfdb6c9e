package dev.edgeway.gateway.routing;

import dev.edgeway.gateway.error.OpenFaasErrors;
import dev.edgeway.gateway.error.OwnApiPaths;
import dev.edgeway.gateway.error.OwnApiProblems;
import dev.edgeway.gateway.path.CanonicalPath;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers 400 to every path that is not canonical ({@code ;} parameters, encoded {@code /} or
 * {@code \}, dot segments, control characters; see {@link CanonicalPath}) before any other
 * filter or route sees it. Such spellings have no legitimate use on the gateway's API, and each
 * is a way for a check on the raw path to disagree with the route the router picks. Runs first.
 */
final class CanonicalPathFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        CanonicalPath path = CanonicalPath.of(exchange.getRequest().getPath());
        if (path.isCanonical()) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        String detail = "invalid request path: " + path.problem();
        if (OwnApiPaths.matches(path)) {
            String instance = exchange.getRequest().getPath().value();
            return OwnApiProblems.write(
                    response,
                    OwnApiProblems.of(HttpStatus.BAD_REQUEST, "invalid-path", "Invalid path", detail, instance));
        }
        return OpenFaasErrors.write(response, HttpStatus.BAD_REQUEST, detail);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
