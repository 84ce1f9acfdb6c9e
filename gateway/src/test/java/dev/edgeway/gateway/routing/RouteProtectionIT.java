package dev.edgeway.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.RawHttp;
import dev.edgeway.gateway.support.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * Every route of every route table is either open by decision or protected, and no spelling of
 * a protected path reaches its handler without credentials. The routes come from the tables
 * themselves ({@link RouteTable}), so a route added later is covered without touching this test.
 */
@GatewayIT
class RouteProtectionIT {

    /**
     * Open by decision, as in OpenFaaS (docs/security.md); every other route needs credentials.
     * {@code /pipeline/**} is the open run API's catch-all: it answers only its 404 problem.
     */
    private static final Set<String> OPEN = Set.of(
            "/healthz", "/pipeline/{name}", "/pipeline/**", "/async-function/{name}", "/async-function/{name}/**");

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    RawHttp http;

    @BeforeEach
    void setUp() {
        http = new RawHttp(port);
    }

    @Test
    void readsTheRoutesOfEveryTable() {
        assertThat(protectedRoutes())
                .extracting(RouteTable.Route::pattern)
                .contains(
                        "/system/functions",
                        "/system/namespace/**",
                        "/system/storage/variables/{taskId}/{varName}",
                        "/system/pipelines/{name}/runs/{runId}/resume",
                        "/system/kafka/dead-letters/replay");
    }

    @TestFactory
    Stream<DynamicTest> protectedRoutesAnswerUnauthorizedWithoutCredentials() {
        return protectedRoutes().stream().flatMap(route -> route.methodsToTry().stream()
                .map(method -> DynamicTest.dynamicTest(method + " " + route.pattern(), () -> {
                    RawHttp.Response answer =
                            http.send(method.name(), route.example(), headers(method.name()), body(method.name()));
                    assertThat(answer.status()).as(answer.text()).isEqualTo(401);
                    assertThat(answer.text()).contains("WWW-Authenticate: Basic realm=\"Restricted\"");
                })));
    }

    /**
     * About fifty spellings of each protected route, sent concurrently; every offender is listed.
     * One method per route: the spelling decides where a request goes, the method does not.
     */
    @Test
    void noSpellingOfAProtectedPathReachesItsHandler() throws Exception {
        String authority = "127.0.0.1:" + port;
        Set<String> requests = new LinkedHashSet<>();
        for (RouteTable.Route route : protectedRoutes()) {
            String method = route.methodsToTry().iterator().next().name();
            PathSpellings.of(route.example(), authority).forEach(spelling -> requests.add(method + " " + spelling));
        }
        List<String> offenders = new CopyOnWriteArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            for (String request : requests) {
                clients.execute(() -> {
                    String method = request.substring(0, request.indexOf(' '));
                    try {
                        RawHttp.Response answer = http.send(
                                method, request.substring(method.length() + 1), headers(method), body(method));
                        if (!neverHandled(answer)) {
                            offenders.add(request + "\n" + answer.text());
                        }
                    } catch (RuntimeException e) {
                        offenders.add(request + "\n" + e);
                    }
                });
            }
        }
        assertThat(requests).hasSizeGreaterThan(1000);
        assertThat(offenders).as("answered by a handler without credentials").isEmpty();
    }

    /** A 401 from the guard, a 400 from the path check (or Netty's own), or a 404 from no route. */
    private static boolean neverHandled(RawHttp.Response answer) {
        String body = answer.body();
        return switch (answer.status()) {
            case 401 -> body.contains("invalid credentials");
            case 400 -> body.contains("invalid request path") || body.isEmpty();
            case 404 ->
                body.contains("404 page not found")
                        || body.contains("/problems/storage/not-found\"")
                        || body.contains("/problems/pipelines/not-found\"");
            default -> false;
        };
    }

    private List<RouteTable.Route> protectedRoutes() {
        return RouteTable.of(context).stream()
                .filter(route -> !OPEN.contains(route.pattern()))
                .toList();
    }

    /** A body a handler would accept, so a bypass would show as a success, not a 400. */
    private static byte[] body(String method) {
        return hasBody(method) ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0];
    }

    private static Map<String, String> headers(String method) {
        return hasBody(method) ? Map.of("Content-Type", "application/json") : Map.of();
    }

    private static boolean hasBody(String method) {
        return !method.equals("GET") && !method.equals("DELETE");
    }
}
