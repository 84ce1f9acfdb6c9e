package dev.edgeway.gateway.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * Every route of a running gateway, read from its route tables (the {@link RouterFunction}
 * beans) with Spring's visitors, so tests over "every route" cover a route added tomorrow
 * without being told. {@code /function/*} is not among them: it is a Reactor Netty route.
 */
public final class RouteTable {

    /** HTTP methods tried on a route that accepts any method (the 405 and 404 fallbacks). */
    public static final Set<HttpMethod> ANY =
            Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE);

    /**
     * One route: the methods its predicate names (empty for any) and a path pattern.
     *
     * @param methods the methods, or empty when the route takes any method
     * @param pattern the path pattern, e.g. {@code /system/function/{name}}
     */
    public record Route(Set<HttpMethod> methods, String pattern) {

        /** The methods to try: the route's own, or a few common ones when it takes any. */
        public Set<HttpMethod> methodsToTry() {
            return methods.isEmpty() ? ANY : methods;
        }

        /** A path this route matches, with {@code x} for every variable and wildcard. */
        public String example() {
            return samplePath("x");
        }

        /** A path this route matches, with the given value for every variable and wildcard. */
        public String samplePath(String value) {
            return pattern.replaceAll("\\{[^}]+}", value).replace("**", value).replace("*", value);
        }

        @Override
        public String toString() {
            return (methods.isEmpty() ? "ANY" : methods) + " " + pattern;
        }
    }

    private RouteTable() {}

    /** The routes of every route table in the context, in table order. */
    public static List<Route> of(ApplicationContext context) {
        Collector collector = new Collector();
        context.getBeanProvider(RouterFunction.class).orderedStream().forEach(table -> table.accept(collector));
        return List.copyOf(collector.routes);
    }

    private static final class Collector implements RouterFunctions.Visitor {

        private final List<Route> routes = new ArrayList<>();
        private final Deque<String> nesting = new ArrayDeque<>();

        @Override
        public void startNested(RequestPredicate predicate) {
            Paths paths = Paths.of(predicate);
            nesting.push(
                    paths.patterns.isEmpty() ? "" : paths.patterns.iterator().next());
        }

        @Override
        public void endNested(RequestPredicate predicate) {
            nesting.pop();
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
            Paths paths = Paths.of(predicate);
            String prefix = String.join("", nesting.reversed());
            for (String pattern : paths.patterns) {
                routes.add(new Route(Set.copyOf(paths.methods), prefix + pattern));
            }
        }

        @Override
        public void resources(Function<ServerRequest, Mono<Resource>> lookup) {
            throw new IllegalStateException("resource routes are not expected in the gateway's tables");
        }

        @Override
        public void attributes(Map<String, Object> attributes) {}

        @Override
        public void unknown(RouterFunction<?> routerFunction) {
            throw new IllegalStateException("a route table the visitor cannot read: " + routerFunction);
        }
    }

    /** The methods and path patterns a predicate names, however they are combined. */
    private static final class Paths implements RequestPredicates.Visitor {

        private final Set<HttpMethod> methods = new LinkedHashSet<>();
        private final Set<String> patterns = new LinkedHashSet<>();

        static Paths of(RequestPredicate predicate) {
            Paths paths = new Paths();
            predicate.accept(paths);
            return paths;
        }

        @Override
        public void method(Set<HttpMethod> methods) {
            this.methods.addAll(methods);
        }

        @Override
        public void path(String pattern) {
            patterns.add(pattern);
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
        public void unknown(RequestPredicate predicate) {
            throw new IllegalStateException("a route predicate the visitor cannot read: " + predicate);
        }
    }
}
