package dev.edgeway.gateway.routing;

import dev.edgeway.gateway.error.OpenFaasErrors;
import dev.edgeway.gateway.path.CanonicalPath;
import dev.edgeway.storage.web.ProblemResponses;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers 400 to every path that is not canonical ({@code ;} parameters, encoded {@code /} or
 * {@code \}, dot segments, control characters; see {@link CanonicalPath}) before any other
 * filter or route sees it. Such spellings have no legitimate use on the gateway's API, and each
 * is a way for a check on the raw path to disagree with the route the router picks. Runs first.
 *
 * <p>Since such a request is never routed, no route group can answer it in its dialect: this
 * filter reads the group from the decoded path instead, the one place that does. Under the
 * prefixes of Edgeway's own APIs it answers problem JSON, elsewhere OpenFaaS's plain text; the
 * prefixes come from the route tables themselves ({@link OwnApiPrefixes}), read on the first
 * refusal, once every table is built.
 */
final class CanonicalPathFilter implements WebFilter, Ordered {

    private final List<HttpMessageWriter<?>> writers;
    private final ObjectProvider<RouterFunction<?>> tables;
    // Read on the first refusal; without a lock (SingletonSupplier's), which would park an event
    // loop whose refusal comes while another's is reading: reading twice is harmless.
    private volatile @Nullable List<String> ownApiPrefixes;

    CanonicalPathFilter(List<HttpMessageWriter<?>> writers, ObjectProvider<RouterFunction<?>> tables) {
        this.writers = List.copyOf(writers);
        this.tables = tables;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        CanonicalPath path = CanonicalPath.of(exchange.getRequest().getPath());
        if (path.isCanonical()) {
            return chain.filter(exchange);
        }
        String detail = "invalid request path: " + path.problem();
        if (ownApiPrefixes().stream().anyMatch(path::isWithin)) {
            return ProblemResponses.write(
                    exchange,
                    ProblemResponses.of(
                            HttpStatus.BAD_REQUEST,
                            ProblemResponses.type("invalid-path"),
                            "Invalid path",
                            detail,
                            URI.create(exchange.getRequest().getURI().getRawPath())),
                    writers);
        }
        return OpenFaasErrors.write(exchange.getResponse(), HttpStatus.BAD_REQUEST, detail);
    }

    private List<String> ownApiPrefixes() {
        List<String> prefixes = ownApiPrefixes;
        if (prefixes == null) {
            prefixes = OwnApiPrefixes.of(tables.orderedStream()::iterator);
            ownApiPrefixes = prefixes;
        }
        return prefixes;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
