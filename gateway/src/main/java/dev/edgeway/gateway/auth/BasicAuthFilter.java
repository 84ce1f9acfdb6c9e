package dev.edgeway.gateway.auth;

import dev.edgeway.gateway.error.OpenFaasErrors;
import dev.edgeway.gateway.error.OwnApiPaths;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Basic auth on {@code /system/*} and {@code /ui/}, answering failures exactly as OpenFaaS does:
 * 401, {@code WWW-Authenticate: Basic realm="Restricted"}, body {@code invalid credentials}.
 * {@code /function/*}, {@code /healthz} and the metrics port stay open, as in OpenFaaS.
 */
public class BasicAuthFilter implements WebFilter {

    private final BasicAuthCredentials credentials;

    public BasicAuthFilter(BasicAuthCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!isProtected(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && credentials.matches(authorization)) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Restricted\"");
        if (OwnApiPaths.matches(exchange.getRequest())) {
            return unauthorizedProblem(exchange);
        }
        return OpenFaasErrors.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "invalid credentials");
    }

    /** Edgeway's own APIs answer every error as RFC 9457 problem JSON, this one included. */
    private static Mono<Void> unauthorizedProblem(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = PROBLEM.formatted(exchange.getRequest().getPath().value().replace("\"", "%22"));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }

    private static final String PROBLEM = "{\"type\":\"https://edgeway.dev/problems/unauthorized\","
            + "\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"invalid credentials\",\"instance\":\"%s\"}";

    static boolean isProtected(String path) {
        return path.startsWith("/system/") || path.equals("/system") || path.startsWith("/ui/");
    }
}
