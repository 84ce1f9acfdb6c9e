package dev.edgeway.storage.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A large body's heap permit is held until the response made of it has been written, not only
 * until the handler's answer is ready: the request's pipeline reaches the body's array until the
 * exchange ends, and a second body of the largest size admitted before then ran a small heap out
 * of memory ({@code LargeValuesUnderDefaultHeapIT}).
 */
class LargeBodyPermitTest {

    private static final int BODY = 3 * 1024;

    /** Room for one body of {@link #BODY} bytes at a time, and every body counted. */
    private final LargeBodyGate gate = new LargeBodyGate(4 * 1024, 0);

    @Test
    void holdsAWrittenBodysPermitUntilItsResponseHasBeenWritten() {
        ServerResponse response = RequestBodies.readAdmitted(
                        request(), BODY, gate, 1, bytes -> ServerResponse.status(HttpStatus.CREATED)
                                .bodyValue("stored " + bytes.length))
                .block(Duration.ofSeconds(5));

        assertThat(response).isNotNull();
        assertThatThrownBy(() -> gate.admit(BODY, "a second body").close())
                .as("admitted while the first response is unwritten")
                .isInstanceOf(LargeBodyGate.BusyException.class);

        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.put("/v"));
        response.writeTo(exchange, context()).block(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)))
                .isEqualTo("stored " + BODY);
        gate.admit(BODY, "a second body").close();
    }

    @Test
    void releasesThePermitWhenTheResponseWriteEndsNotWhenItStarts() {
        LargeBodyGate.Permit permit = gate.admit(BODY, "a value read");
        Sinks.Empty<Void> flushed = Sinks.empty();
        ServerResponse slow = new WrittenThen(new Unwritten(flushed.asMono()), permit::close);

        slow.writeTo(MockServerWebExchange.from(MockServerHttpRequest.get("/v")), context())
                .subscribe();

        assertThatThrownBy(() -> gate.admit(BODY, "a second value").close())
                .isInstanceOf(LargeBodyGate.BusyException.class);
        flushed.tryEmitEmpty();
        gate.admit(BODY, "a second value").close();
    }

    @Test
    void releasesThePermitOfABodyWhoseHandlerFailed() {
        Mono<ServerResponse> failed = RequestBodies.readAdmitted(
                request(), BODY, gate, 1, bytes -> Mono.error(new IllegalStateException("store down")));

        assertThatThrownBy(() -> failed.block(Duration.ofSeconds(5))).hasMessageContaining("store down");
        gate.admit(BODY, "the next body").close();
    }

    private static ServerRequest request() {
        DataBuffer body = DefaultDataBufferFactory.sharedInstance.wrap(new byte[BODY]);
        MockServerHttpRequest http =
                MockServerHttpRequest.put("/v").contentLength(BODY).body(Flux.just(body));
        return ServerRequest.create(
                MockServerWebExchange.from(http),
                HandlerStrategies.withDefaults().messageReaders());
    }

    private static ServerResponse.Context context() {
        HandlerStrategies strategies = HandlerStrategies.withDefaults();
        return new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return strategies.messageWriters();
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return strategies.viewResolvers();
            }
        };
    }

    /** A response whose write finishes when {@code flushed} does, as a slow client's would. */
    private record Unwritten(Mono<Void> flushed) implements ServerResponse {

        @Override
        public HttpStatusCode statusCode() {
            return HttpStatus.OK;
        }

        @Override
        public HttpHeaders headers() {
            return new HttpHeaders();
        }

        @Override
        public MultiValueMap<String, ResponseCookie> cookies() {
            return new LinkedMultiValueMap<>();
        }

        @Override
        public Mono<Void> writeTo(ServerWebExchange exchange, Context context) {
            return flushed;
        }
    }
}
