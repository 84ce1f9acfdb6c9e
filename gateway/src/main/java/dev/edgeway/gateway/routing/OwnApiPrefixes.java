package dev.edgeway.gateway.routing;

import dev.edgeway.storage.web.FrameworkProblems;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * The path prefixes of Edgeway's own APIs, read from the route tables: each own API's group ends
 * in a catch-all route marked {@link FrameworkProblems#CATCH_ALL} ({@code /system/storage/**},
 * {@code /system/pipelines/**}, ...), and its pattern without {@code /**} is the prefix. So a new
 * own API is known here by its route table alone, and one switched off is not listed.
 */
final class OwnApiPrefixes implements RouterFunctions.Visitor {

    private final Set<String> prefixes = new LinkedHashSet<>();
    private boolean marked;

    private OwnApiPrefixes() {}

    static List<String> of(Iterable<? extends RouterFunction<?>> tables) {
        OwnApiPrefixes visitor = new OwnApiPrefixes();
        tables.forEach(table -> table.accept(visitor));
        return List.copyOf(visitor.prefixes);
    }

    @Override
    public void attributes(Map<String, Object> attributes) {
        marked = Boolean.TRUE.equals(attributes.get(FrameworkProblems.CATCH_ALL));
    }

    @Override
    public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
        if (marked) {
            predicate.accept(new Patterns());
        }
        marked = false;
    }

    @Override
    public void startNested(RequestPredicate predicate) {}

    @Override
    public void endNested(RequestPredicate predicate) {}

    @Override
    public void resources(Function<ServerRequest, Mono<Resource>> lookup) {}

    @Override
    public void unknown(RouterFunction<?> routerFunction) {}

    /** The path patterns of a catch-all predicate, such as {@code path(a).or(path(a + "/**"))}. */
    private final class Patterns implements RequestPredicates.Visitor {

        @Override
        public void path(String pattern) {
            prefixes.add(pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : pattern);
        }

        @Override
        public void method(Set<HttpMethod> methods) {}

        @Override
        public void pathExtension(String extension) {}

        @Override
        public void header(String name, String value) {}

        @Override
        public void queryParam(String name, String value) {}

        @Override
        public void version(String version) {}

        @Override
        public void startAnd() {}

        @Override
        public void and() {}

        @Override
        public void endAnd() {}

        @Override
        public void startOr() {}

        @Override
        public void or() {}

        @Override
        public void endOr() {}

        @Override
        public void startNegate() {}

        @Override
        public void endNegate() {}

        @Override
        public void unknown(RequestPredicate predicate) {}
    }
}
