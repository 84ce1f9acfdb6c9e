package dev.edgeway.storage.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one writer of RFC 9457 problem JSON (https://datatracker.ietf.org/doc/html/rfc9457) for
 * every own API of Edgeway: the storage API here, and the gateway's (pipelines, async, Kafka,
 * basic auth's 401, a refused path), which imports it. Each API maps its failures to a Spring
 * {@link ProblemDetail}; this class gives it its type URI, instance and headers and writes it
 * with the application's codecs. Type URIs follow one scheme ({@code docs/errors.md}):
 * {@code https://edgeway.dev/problems/<kind>} for the kinds every own API shares
 * ({@code unauthorized}, {@code invalid-path}), {@code https://edgeway.dev/problems/<api>/<kind>}
 * for an API's own.
 */
public final class ProblemResponses {

    /** The root of every problem type URI. */
    public static final String BASE = "https://edgeway.dev/problems/";

    /** Problem JSON as Spring's codecs write it: the extension members at the top level. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
            .build();

    private ProblemResponses() {}

    /** A problem's JSON, for a server that writes it without Spring's codecs. */
    public static byte[] json(ProblemDetail problem) {
        return MAPPER.writeValueAsBytes(problem);
    }

    /** The type URI of a kind, e.g. {@code unauthorized} or {@code async/call-not-found}. */
    public static URI type(String kind) {
        return URI.create(BASE + kind);
    }

    /** A problem about a request; {@code instance} is its path as the client spelled it. */
    public static ProblemDetail of(HttpStatusCode status, URI type, String title, String detail, URI instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        problem.setInstance(instance);
        return problem;
    }

    /** The raw path of a request, which parsed as a URI to get here. */
    public static URI instance(ServerRequest request) {
        return URI.create(request.uri().getRawPath());
    }

    /** The response for a problem, with the headers it needs besides its content type. */
    public static Mono<ServerResponse> respond(ProblemDetail problem, Consumer<HttpHeaders> headers) {
        return ServerResponse.status(problem.getStatus())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(problem);
    }

    /**
     * The response for a problem with the headers its status calls for: {@code Allow} on a 405
     * (the methods sorted), {@code Retry-After} on a 503 (whole seconds, at least one).
     */
    public static Mono<ServerResponse> respond(ProblemDetail problem, Set<HttpMethod> allow, Duration retryAfter) {
        return respond(problem, statusHeaders(problem, allow, retryAfter));
    }

    /** The headers {@link #respond(ProblemDetail, Set, Duration)} adds, for a caller that adds more. */
    public static Consumer<HttpHeaders> statusHeaders(
            ProblemDetail problem, Set<HttpMethod> allow, Duration retryAfter) {
        return headers -> {
            if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
                headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
            }
            if (!allow.isEmpty()) {
                headers.set(HttpHeaders.ALLOW, allowHeader(allow));
            }
        };
    }

    /** {@code Allow}'s value: the methods, sorted. */
    public static String allowHeader(Set<HttpMethod> allow) {
        return allow.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
    }

    /** Writes a problem straight to the exchange, for a filter that answers before routing. */
    public static Mono<Void> write(
            ServerWebExchange exchange, ProblemDetail problem, List<HttpMessageWriter<?>> writers) {
        ServerResponse.Context context = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return writers;
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        };
        return respond(problem, headers -> {}).flatMap(response -> response.writeTo(exchange, context));
    }

    /**
     * A route group's error filter: every failure of its routes, thrown or signalled, answered
     * by {@code answer}, so the dialect follows the route that matched, not a path prefix. A
     * client that went away is not answered; the application's error handler logs it once.
     */
    public static HandlerFilterFunction<ServerResponse, ServerResponse> answering(
            BiFunction<Throwable, ServerRequest, Mono<ServerResponse>> answer) {
        return (request, next) -> Mono.defer(() -> next.handle(request))
                .onErrorResume(
                        error -> !DisconnectedClientHelper.isClientDisconnectedException(error),
                        error -> answer.apply(error, request));
    }
}
