package dev.edgeway.gateway.proxy;

import dev.edgeway.gateway.config.GatewayVersion;
import dev.edgeway.gateway.error.OpenFaasErrors;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.invoke.InvocationResult;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /function/{name}[.{namespace}][/{path}]}: forwards any method to the function through
 * the one {@link FunctionInvoker}, streaming the body both ways, and relays the function's
 * status, headers and body unchanged (3xx included) with the OpenFaaS header rules applied.
 */
public class FunctionProxyHandler {

    static final String PREFIX = "/function/";

    private final FunctionInvoker invoker;
    private final String defaultNamespace;
    private final GatewayVersion version;

    public FunctionProxyHandler(FunctionInvoker invoker, String defaultNamespace, GatewayVersion version) {
        this.invoker = invoker;
        this.defaultNamespace = defaultNamespace;
        this.version = version;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        ServerHttpRequest http = request.exchange().getRequest();
        String rawPath = http.getPath().value();
        Optional<FunctionPath> target = FunctionPath.parse(rawPath.substring(PREFIX.length()), defaultNamespace);
        if (target.isEmpty()) {
            return OpenFaasErrors.pageNotFound();
        }
        FunctionPath path = target.get();
        HttpHeaders forwarded = HopByHopHeaders.forRequest(http.getHeaders());
        CallIdHeaders callId = CallIdHeaders.stamp(forwarded);
        ForwardedHeaders.apply(
                forwarded,
                http.getHeaders().getFirst(HttpHeaders.HOST),
                http.getRemoteAddress(),
                "edgeway-gateway/" + version.release());
        Invocation invocation = new Invocation(
                path.name(),
                path.namespace(),
                http.getMethod(),
                path.subPath(),
                http.getURI().getRawQuery(),
                forwarded,
                http.getBody(),
                hasBody(http.getHeaders()));
        return invoker.invoke(invocation).flatMap(result -> relay(result, http.getHeaders(), callId));
    }

    private Mono<ServerResponse> relay(InvocationResult result, HttpHeaders requestHeaders, CallIdHeaders callId) {
        HttpHeaders headers = HopByHopHeaders.forResponse(result.headers());
        if (headers.getContentType() == null) {
            MediaType requested = requestHeaders.getContentType();
            headers.setContentType(requested != null ? requested : MediaType.TEXT_PLAIN);
        }
        callId.applyTo(headers);
        headers.set("X-Served-By", version.servedBy());
        boolean streaming = isStream(headers.getContentType());
        return ServerResponse.status(result.status())
                .headers(h -> h.putAll(headers))
                .body((message, context) -> write(message, result.body(), streaming));
    }

    /** Event streams and NDJSON are flushed per chunk, so each event reaches the caller at once. */
    private static Mono<Void> write(ReactiveHttpOutputMessage message, Flux<DataBuffer> body, boolean streaming) {
        return streaming ? message.writeAndFlushWith(body.map(Mono::just)) : message.writeWith(body);
    }

    private static boolean isStream(@Nullable MediaType type) {
        return type != null
                && (MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type)
                        || MediaType.APPLICATION_NDJSON.isCompatibleWith(type));
    }

    private static boolean hasBody(HttpHeaders headers) {
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }
}
