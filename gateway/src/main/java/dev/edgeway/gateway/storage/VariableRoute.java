package dev.edgeway.gateway.storage;

import dev.edgeway.gateway.auth.BasicAuthFilter;
import dev.edgeway.gateway.proxy.ExchangeConnection;
import dev.edgeway.gateway.proxy.NettyExchange;
import dev.edgeway.gateway.proxy.NettyRoute;
import dev.edgeway.storage.web.VariableCalls;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET} and {@code PUT} of {@code /system/storage/variables/{taskId}/{varName}} on the
 * Netty path, for the requests it answers exactly as the storage routes would
 * ({@link VariableCalls} does their work): a path of the characters task ids and variable
 * names have (no query, escapes, parameters or dot segments: nothing the canonical-path check or
 * the router would read otherwise), a {@code GET} without a body, a {@code PUT} of raw bytes or
 * JSON of announced length that the heap takes without the large-body gate. Anything else
 * ({@code ttl} or {@code var_type} parameters, other media types, chunked or large bodies) goes
 * to WebFlux. Basic auth is checked
 * here as the storage routes' guard does it, before anything else.
 */
final class VariableRoute implements NettyRoute {

    static final String PREFIX = "/system/storage/variables/";

    private final VariableCalls calls;
    private final @Nullable Predicate<String> authorized;
    private final LongAdder served = new LongAdder();

    /** {@code authorized} tells a valid {@code Authorization} header; null when the API is open. */
    VariableRoute(VariableCalls calls, @Nullable Predicate<String> authorized) {
        this.calls = calls;
        this.authorized = authorized;
    }

    @Override
    public boolean serves(HttpRequest head) {
        String uri = head.uri();
        if (!uri.startsWith(PREFIX) || !isPlain(uri)) {
            return false;
        }
        HttpHeaders headers = head.headers();
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return false;
        }
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (HttpMethod.GET.equals(head.method())) {
            return length == null || length.equals("0");
        }
        return HttpMethod.PUT.equals(head.method())
                && length != null
                && calls.takesPut(headers.get(HttpHeaderNames.CONTENT_TYPE), parse(length));
    }

    @Override
    public NettyExchange exchange(ExchangeConnection connection, ChannelHandlerContext ctx, HttpRequest head) {
        served.increment();
        return new VariableExchange(this, connection, ctx, head);
    }

    /** Requests served here so far (for tests and diagnostics: which path a request took). */
    long served() {
        return served.sum();
    }

    VariableCalls calls() {
        return calls;
    }

    VariableCalls.Answer unauthorized(String path) {
        return VariableCalls.problem(BasicAuthFilter.unauthorized(URI.create(path)), BasicAuthFilter::challenge);
    }

    boolean admits(@Nullable String authorization) {
        return authorized == null || authorization != null && authorized.test(authorization);
    }

    /**
     * Two non-empty segments after the prefix, of the characters task ids and variable names
     * have: nothing to decode, no query, no parameters, no dot segments.
     */
    private static boolean isPlain(String uri) {
        int slash = -1;
        for (int i = PREFIX.length(); i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '/' && slash < 0 && i > PREFIX.length()) {
                slash = i;
            } else if (!isKeyCharacter(c)) {
                return false;
            }
        }
        return slash > 0 && slash < uri.length() - 1;
    }

    private static boolean isKeyCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
