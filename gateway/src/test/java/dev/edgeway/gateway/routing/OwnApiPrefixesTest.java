package dev.edgeway.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import dev.edgeway.storage.web.FrameworkProblems;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

class OwnApiPrefixesTest {

    private static final HandlerFunction<ServerResponse> OK =
            request -> ServerResponse.ok().build();

    @Test
    void readsThePrefixesOfTheMarkedCatchAllRoutesOnly() {
        RouterFunction<ServerResponse> own = RouterFunctions.route()
                .GET("/system/things/{id}", OK)
                .route(path("/system/things").or(path("/system/things/**")), OK)
                .withAttribute(FrameworkProblems.CATCH_ALL, true)
                .filter((request, next) -> next.handle(request))
                .build();
        RouterFunction<ServerResponse> openFaas = RouterFunctions.route()
                .GET("/system/functions", OK)
                .route(path("/system/namespace/**"), OK)
                .build();

        assertThat(OwnApiPrefixes.of(List.of(openFaas, own))).containsExactly("/system/things");
    }
}
