package dev.edgeway.gateway.proxy;

import dev.edgeway.gateway.config.GatewayVersion;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.invoke.InvocationResult;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.support.Netty4HeadersAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code /function/{name}[.{namespace}][/{path}]}: forwards any method to the function through
 * the one {@link FunctionInvoker}, streaming the body both ways, and relays the function's
 * status, headers and body unchanged (3xx included) with the OpenFaaS header rules applied.
 *
 * <p>This is the gateway's hot path, so it is mounted as a Reactor Netty route in front of
 * Spring WebFlux rather than as a WebFlux handler: the request and response are used as Netty
 * gives them, without WebFlux's per-request adaptation, filter chain and header copies. Every
 * other path is served by WebFlux through {@code GatewayRoutes}. See docs/benchmarks.md.
 */
public class FunctionProxyRoute implements NettyRouteProvider {

    static final String PREFIX = "/function/";

    private final FunctionInvoker invoker;
    private final String defaultNamespace;
    private final GatewayVersion version;
    private final NettyDataBufferFactory buffers;

    public FunctionProxyRoute(
            FunctionInvoker invoker, String defaultNamespace, GatewayVersion version, NettyDataBufferFactory buffers) {
        this.invoker = invoker;
        this.defaultNamespace = defaultNamespace;
        this.version = version;
        this.buffers = buffers;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(request -> request.uri().startsWith(PREFIX), this::handle);
    }

    Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        return Mono.defer(() -> forward(request, response))
                .onErrorResume(error -> ProxyErrors.write(response, error, request));
    }

    private Mono<Void> forward(HttpServerRequest request, HttpServerResponse response) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        String rawPath = query < 0 ? uri.substring(PREFIX.length()) : uri.substring(PREFIX.length(), query);
        Optional<FunctionPath> target = FunctionPath.parse(rawPath, defaultNamespace);
        if (target.isEmpty()) {
            return ProxyErrors.pageNotFound(response);
        }
        HttpHeaders incoming = new HttpHeaders(new Netty4HeadersAdapter(request.requestHeaders()));
        HttpHeaders forwarded = HopByHopHeaders.forRequest(request.requestHeaders());
        CallIdHeaders callId = CallIdHeaders.stamp(forwarded);
        ForwardedHeaders.apply(
                forwarded, incoming.getFirst(HttpHeaders.HOST), request.remoteAddress(), version.userAgent());
        FunctionPath path = target.get();
        Invocation invocation = new Invocation(
                path.name(),
                path.namespace(),
                HttpMethod.valueOf(request.method().name()),
                path.subPath(),
                query < 0 ? null : uri.substring(query + 1),
                forwarded,
                request.receive().retain().map(buffers::wrap),
                hasBody(incoming));
        return invoker.invoke(invocation).flatMap(result -> relay(result, incoming, callId, response));
    }

    private Mono<Void> relay(
            InvocationResult result, HttpHeaders incoming, CallIdHeaders callId, HttpServerResponse response) {
        response.status(result.status());
        ResponseHeaders.copy(result.headers(), response.responseHeaders());
        if (!response.responseHeaders().contains(HttpHeaderNames.CONTENT_TYPE)) {
            String requested = incoming.getFirst(HttpHeaders.CONTENT_TYPE);
            response.header(HttpHeaderNames.CONTENT_TYPE, requested != null ? requested : "text/plain");
        }
        callId.applyTo(response);
        response.header("X-Served-By", version.servedBy());
        boolean streaming = ResponseHeaders.isStream(response.responseHeaders());
        // Reactor Netty does not subscribe to the body when the caller has already gone (the end
        // of a wrk run): the body is then discarded, or its buffers would leak.
        AtomicBoolean subscribed = new AtomicBoolean();
        Flux<ByteBuf> body =
                result.body().doOnSubscribe(s -> subscribed.set(true)).map(NettyDataBufferFactory::toByteBuf);
        // Event streams and NDJSON are flushed per chunk, so each event reaches the caller at once.
        return response.send(body, buffer -> streaming).then().doFinally(signal -> {
            if (!subscribed.get()) {
                result.discard();
            }
        });
    }

    private static boolean hasBody(HttpHeaders headers) {
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }
}
