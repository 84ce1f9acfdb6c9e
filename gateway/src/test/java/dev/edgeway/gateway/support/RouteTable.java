package dev.edgeway.gateway.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.context.ApplicationContext;
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
 * Every route of the application's {@link RouterFunction} beans as method and path pattern,
 * read with Spring's route visitors, so that a test over "every route" covers a route added
 * later without being edited. A route matching any method (the 405 fallbacks) has no methods.
 */
public final class RouteTable {

    /** One route: the methods it answers (empty for any) and its path pattern. */
    public record Route(Set<HttpMethod> methods, String pattern) {

        public Route {
            methods = Set.copyOf(methods);
        }

        /** The pattern with every {@code {variable}} replaced and {@code /**} cut, as a request path. */
        public String samplePath(String variableValue) {
            return pattern.replaceAll("\\{[^}]+}", variableValue).replaceAll("/\\*\\*$", "/x");
        }

        @Override
        public String toString() {
            return (methods.isEmpty() ? "ANY" : methods) + " " + pattern;
        }
    }

    private RouteTable() {}

    /** The routes of every {@link RouterFunction} bean in the context. */
    public static List<Route> of(ApplicationContext context) {
        return of(context.getBeansOfType(RouterFunction.class).values());
    }

    @SuppressWarnings("rawtypes")
    static List<Route> of(Collection<RouterFunction> functions) {
        Collector collector = new Collector();
        functions.forEach(function -> function.accept(collector));
        return List.copyOf(collector.routes);
    }

    /** Walks router functions; nested predicates add a path prefix. */
    private static final class Collector implements RouterFunctions.Visitor {
        private final Deque<String> prefixes = new ArrayDeque<>();
        private final List<Route> routes = new ArrayList<>();

        @Override
        public void startNested(RequestPredicate predicate) {
            Predicates nested = Predicates.of(predicate);
            prefixes.push(nested.paths.isEmpty() ? "" : nested.paths.getFirst());
        }

        @Override
        public void endNested(RequestPredicate predicate) {
            prefixes.pop();
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
            Predicates route = Predicates.of(predicate);
            String prefix = String.join("", prefixes.reversed());
            for (String path : route.paths) {
                routes.add(new Route(route.methods, prefix + path));
            }
        }

        @Override
        public void resources(Function<ServerRequest, Mono<Resource>> lookup) {}

        @Override
        public void attributes(Map<String, Object> attributes) {}

        @Override
        public void unknown(RouterFunction<?> function) {}
    }

    /**
     * The methods and path patterns named anywhere in one predicate. An {@code or} of paths
     * gives one route per path; negations, headers and queries are ignored, which is enough for
     * the builder's {@code GET(path, ...)} and {@code route(path(a).or(path(b)), ...)} forms.
     */
    private static final class Predicates implements RequestPredicates.Visitor {
        private final Set<HttpMethod> methods = new LinkedHashSet<>();
        private final List<String> paths = new ArrayList<>();

        static Predicates of(RequestPredicate predicate) {
            Predicates visitor = new Predicates();
            predicate.accept(visitor);
            return visitor;
        }

        @Override
        public void method(Set<HttpMethod> methods) {
            this.methods.addAll(methods);
        }

        @Override
        public void path(String pattern) {
            paths.add(pattern);
        }

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
