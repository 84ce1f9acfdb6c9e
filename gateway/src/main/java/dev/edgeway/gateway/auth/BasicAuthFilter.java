package dev.edgeway.gateway.auth;

import dev.edgeway.gateway.error.OpenFaasErrors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
        return OpenFaasErrors.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "invalid credentials");
    }

    static boolean isProtected(String path) {
        return path.startsWith("/system/") || path.equals("/system") || path.startsWith("/ui/");
    }
}
