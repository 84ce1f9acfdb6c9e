package dev.edgeway.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.support.GatewayNode;
import dev.edgeway.gateway.support.TestFunctions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A graceful shutdown lets a {@code /function} call in progress finish: Reactor Netty's own
 * shutdown sees no exchange of its own on the proxy's connections, so this checks that the
 * proxy holds the close and the shutdown back until the answer is out.
 */
class GracefulShutdownIT {

    @Test
    void answersACallInProgressBeforeTheGatewayStops() throws Exception {
        GatewayNode node = GatewayNode.start("", "edgeway.gateway.upstream-timeout=20s");
        try {
            assertThat(node.json("POST", "/system/functions", TestFunctions.echoServer("graceful-echo", ""))
                            .statusCode())
                    .isEqualTo(202);
            assertThat(node.get("/function/graceful-echo/pid").statusCode()).isEqualTo(200);
            FunctionProxy proxy = node.bean(FunctionProxy.class);

            CompletableFuture<HttpResponse<String>> call =
                    CompletableFuture.supplyAsync(() -> node.get("/function/graceful-echo/sleep?s=2"));
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.inProgress() == 1);
            node.close();

            HttpResponse<String> answer = call.get(20, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("slept");
        } finally {
            node.close();
        }
    }
}
