package dev.edgeway.sdk.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.sdk.support.StubGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UnavailableRetryTest {

    @RegisterExtension
    final StubGateway gateway = new StubGateway();

    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private StateClient client;

    @BeforeEach
    void client() {
        client = StateClient.builder()
                .environment(Map.of())
                .gatewayUrl(gateway.url())
                .pause(pauses::add)
                .build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private void unavailable(String... headers) {
        gateway.problem(503, "storage-unavailable", "State store unavailable", "NATS is not reachable", headers);
    }

    @Test
    void resendsA503AfterItsRetryAfter() throws Exception {
        unavailable("header:Retry-After", "2");
        gateway.json(200, "{\"status\":\"stored\"}", "ETag", "\"7\"");

        assertThat(client.task("t1").put("x", 1)).isEqualTo(7);

        assertThat(pauses).containsExactly(Duration.ofSeconds(2));
        assertThat(gateway.take().text()).isEqualTo(gateway.take().text());
    }

    @Test
    void waitsOneSecondWhenA503HasNoRetryAfter() {
        unavailable();
        gateway.json(200, "{\"status\":\"stored\"}", "ETag", "\"1\"");

        client.task("t1").put("x", 1);

        assertThat(pauses).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void capsALongRetryAfter() {
        unavailable("header:Retry-After", "3600");
        gateway.json(200, "{\"status\":\"stored\"}", "ETag", "\"1\"");

        client.task("t1").put("x", 1);

        assertThat(pauses).containsExactly(StateClient.MAX_RETRY_WAIT);
    }

    @Test
    void givesUpAfterThreeAttempts() {
        unavailable("header:Retry-After", "0");
        unavailable("header:Retry-After", "0");
        unavailable("header:Retry-After", "0");
        gateway.json(200, "{\"status\":\"stored\"}", "ETag", "\"1\"");

        assertThatThrownBy(() -> client.task("t1").put("x", 1))
                .isInstanceOfSatisfying(StateUnavailableException.class, e -> assertThat(e.status())
                        .isEqualTo(503));
        assertThat(pauses).containsExactly(Duration.ZERO, Duration.ZERO);
    }

    @Test
    void doesNotResendOtherServerErrors() {
        gateway.respond(502, "text/plain", "Bad Gateway");
        gateway.json(200, "{\"status\":\"stored\"}", "ETag", "\"1\"");

        assertThatThrownBy(() -> client.task("t1").put("x", 1)).isInstanceOf(StateUnavailableException.class);
        assertThat(pauses).isEmpty();
    }
}
