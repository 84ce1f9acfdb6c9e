package dev.edgeway.gateway.error;

import java.net.URI;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/**
 * RFC 9457 problem JSON (https://datatracker.ietf.org/doc/html/rfc9457) for the gateway's own
 * APIs, as Spring's {@link ProblemDetail} written by the application's codecs. Type URIs follow
 * one scheme ({@code docs/errors.md}): {@code https://edgeway.dev/problems/<kind>} for the kinds
 * every own API shares ({@code unauthorized}, {@code invalid-path}), and
 * {@code https://edgeway.dev/problems/<api>/<kind>} for an API's own. Each own-API route group
 * answers its failures through {@link #answering}, so the dialect follows the route that matched.
 */
public final class OwnApiProblems {

    /** The root of every problem type URI. */
    public static final String BASE = "https://edgeway.dev/problems/";

    private OwnApiProblems() {}

    /** The type URI of a kind, e.g. {@code unauthorized} or {@code async/call-not-found}. */
    public static URI type(String kind) {
        return URI.create(BASE + kind);
    }

    /** A problem about the request's path ({@code instance}, as the client spelled it). */
    public static ProblemDetail of(HttpStatusCode status, URI type, String title, String detail, URI path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        problem.setInstance(path);
        return problem;
    }

    /** The raw path of a request, which parsed as a URI to get here. */
    public static URI instance(ServerRequest request) {
        return URI.create(request.uri().getRawPath());
    }

    public static Mono<ServerResponse> response(ProblemDetail problem, Consumer<HttpHeaders> headers) {
        return ServerResponse.status(problem.getStatus())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(problem);
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
        return response(problem, headers -> {}).flatMap(response -> response.writeTo(exchange, context));
    }

    /**
     * A route group's error filter: every failure of its routes, thrown or signalled, answered
     * by {@code answer}. A client that went away is not answered; it goes on to
     * {@link OpenFaasErrorHandler}, which logs it once.
     */
    public static HandlerFilterFunction<ServerResponse, ServerResponse> answering(
            BiFunction<Throwable, ServerRequest, Mono<ServerResponse>> answer) {
        return (request, next) -> Mono.defer(() -> next.handle(request))
                .onErrorResume(
                        error -> !DisconnectedClientHelper.isClientDisconnectedException(error),
                        error -> answer.apply(error, request));
    }
}
