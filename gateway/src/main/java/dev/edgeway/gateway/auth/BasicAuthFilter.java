package dev.edgeway.gateway.auth;

import dev.edgeway.gateway.error.OpenFaasErrors;
import dev.edgeway.storage.web.ProblemResponses;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Basic auth as a filter of route groups, not of path prefixes: a route table applies it to its
 * protected routes, so it runs for every request those routes match, however the path was
 * spelled. Failures are answered as OpenFaaS does (401, {@code WWW-Authenticate: Basic
 * realm="Restricted"}, {@code invalid credentials}), in plain text on OpenFaaS routes and as
 * problem JSON on Edgeway's own. {@code /function/*}, {@code /pipeline/*} and {@code /healthz}
 * stay open, as in OpenFaaS.
 */
public class BasicAuthFilter {

    private static final String REALM = "Basic realm=\"Restricted\"";
    private static final String MESSAGE = "invalid credentials";

    private final BasicAuthCredentials credentials;

    public BasicAuthFilter(BasicAuthCredentials credentials) {
        this.credentials = credentials;
    }

    /** For OpenFaaS routes: a plain-text 401. */
    public HandlerFilterFunction<ServerResponse, ServerResponse> plainText() {
        return (request, next) -> authorized(request)
                ? next.handle(request)
                : ServerResponse.status(HttpStatus.UNAUTHORIZED)
                        .header(HttpHeaders.WWW_AUTHENTICATE, REALM)
                        .header(HttpHeaders.CONTENT_TYPE, OpenFaasErrors.TEXT_PLAIN_UTF8)
                        .bodyValue(MESSAGE);
    }

    /** For Edgeway's own APIs: a 401 as RFC 9457 problem JSON. */
    public HandlerFilterFunction<ServerResponse, ServerResponse> problemJson() {
        return (request, next) -> authorized(request) ? next.handle(request) : unauthorizedProblem(request);
    }

    private boolean authorized(ServerRequest request) {
        String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && credentials.matches(authorization);
    }

    private static Mono<ServerResponse> unauthorizedProblem(ServerRequest request) {
        return ProblemResponses.respond(unauthorized(ProblemResponses.instance(request)), BasicAuthFilter::challenge);
    }

    /** The 401 of Edgeway's own APIs, for a server that writes it itself; with {@link #challenge}. */
    public static ProblemDetail unauthorized(URI instance) {
        return ProblemResponses.of(
                HttpStatus.UNAUTHORIZED, ProblemResponses.type("unauthorized"), "Unauthorized", MESSAGE, instance);
    }

    /** Sets the {@code WWW-Authenticate} header every 401 carries. */
    public static void challenge(HttpHeaders headers) {
        headers.set(HttpHeaders.WWW_AUTHENTICATE, REALM);
    }
}
