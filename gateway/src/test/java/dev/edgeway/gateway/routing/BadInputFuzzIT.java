package dev.edgeway.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.RawHttp;
import dev.edgeway.gateway.support.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;

/**
 * Every route of the route tables (read from the context, so a new route is covered without
 * editing this test) with every kind of malformed input a careless client sends: none may
 * answer 5xx. Requests carry credentials, so they reach the handlers.
 */
@GatewayIT
class BadInputFuzzIT {

    private static final List<HttpMethod> ANY_METHOD = List.of(HttpMethod.GET, HttpMethod.POST);

    /** A malformed request: headers and body. */
    private record Input(String name, Map<String, String> headers, byte[] body) {
        static Input json(String name, Map<String, String> headers, String body) {
            return new Input(name, headers, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final String JSON = "application/json";
    private static final int NOT_IMPLEMENTED = 501;

    private static final List<Input> INPUTS = List.of(
            Input.json("Content-Type garbage", Map.of("Content-Type", "garbage"), "{}"),
            Input.json("Content-Type ;;;", Map.of("Content-Type", ";;;"), "{}"),
            Input.json("unknown charset", Map.of("Content-Type", "application/json; charset=foo"), "{}"),
            Input.json("Accept ;;;", Map.of("Content-Type", JSON, "Accept", ";;;"), "{}"),
            Input.json("Accept q=abc", Map.of("Content-Type", JSON, "Accept", "application/json;q=abc"), "{}"),
            Input.json("JSON null", Map.of("Content-Type", JSON), "null"),
            Input.json("JSON array", Map.of("Content-Type", JSON), "[1]"),
            Input.json("truncated JSON", Map.of("Content-Type", JSON), "{\"service\":"),
            Input.json(
                    "body over 256 KiB", Map.of("Content-Type", JSON), "{\"a\":\"" + "x".repeat(300 * 1024) + "\"}"));

    @Autowired
    ApplicationContext context;

    @Autowired
    BasicAuthCredentials credentials;

    @LocalServerPort
    int port;

    @TestFactory
    Stream<DynamicTest> noRouteAnswersMalformedInputWithA5xx() {
        List<RouteTable.Route> routes = RouteTable.of(context);
        assertThat(routes).extracting(RouteTable.Route::pattern).contains("/system/functions", "/pipeline/{name}");
        assertThat(routes).anyMatch(route -> route.pattern().startsWith("/system/storage/"));
        RawHttp http = new RawHttp(port);
        return routes.stream().flatMap(route -> methods(route).stream().flatMap(method -> INPUTS.stream()
                .map(input -> DynamicTest.dynamicTest(method + " " + route.pattern() + ": " + input.name(), () -> {
                    RawHttp.Response response = http.send(
                            method.name(), route.samplePath("fuzz"), withCredentials(input.headers()), input.body());
                    assertThat(response.status())
                            .as("%s %s with %s: %s", method, route.pattern(), input.name(), response.text())
                            .satisfiesAnyOf(
                                    status -> assertThat(status).isLessThan(500),
                                    // OpenFaaS CE's answer for a feature the provider lacks
                                    // (namespace management), whatever the input.
                                    status -> assertThat(status).isEqualTo(NOT_IMPLEMENTED));
                }))));
    }

    private static List<HttpMethod> methods(RouteTable.Route route) {
        return route.methods().isEmpty() ? ANY_METHOD : List.copyOf(route.methods());
    }

    private Map<String, String> withCredentials(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Authorization", credentials.header());
        return all;
    }
}
