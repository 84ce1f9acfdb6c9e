package dev.edgeway.gateway.proxy;

import dev.edgeway.gateway.invoke.InvocationResult;
import dev.edgeway.gateway.invoke.NettyBackedHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The head of a function's answer to the caller: the function's status and headers except the
 * hop-by-hop ones, a content type where it sent none, the call id, {@code X-Served-By}, and the
 * framing and persistence the caller's request allows.
 */
final class ResponseHeaders {

    private ResponseHeaders() {}

    /** The head to send; {@code Connection: close} in it when the connection ends with this answer. */
    static HttpResponse head(
            InvocationResult result,
            HttpRequest request,
            @Nullable CallIdHeaders callId,
            String servedBy,
            boolean persistent) {
        HttpResponse head = new DefaultHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(result.status()),
                DefaultHttpHeadersFactory.headersFactory().withValidation(false));
        io.netty.handler.codec.http.HttpHeaders headers = head.headers();
        copy(result.headers(), headers);
        if (!headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
            String requested = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            headers.set(HttpHeaderNames.CONTENT_TYPE, requested != null ? requested : "text/plain");
        }
        if (callId != null) {
            callId.applyTo(headers);
        }
        headers.set("X-Served-By", servedBy);
        frame(head, request, persistent);
        return head;
    }

    /**
     * Sets the framing and persistence as Reactor Netty did: the function's length kept, chunked
     * otherwise where a body may follow; {@code Connection: close} when the caller asked for it or
     * an HTTP/1.0 caller could not find the end of the body otherwise.
     */
    private static void frame(HttpResponse head, HttpRequest request, boolean persistent) {
        io.netty.handler.codec.http.HttpHeaders headers = head.headers();
        int status = head.status().code();
        boolean bodiless = request.method().equals(HttpMethod.HEAD) || status < 200 || status == 204 || status == 304;
        boolean http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        boolean keep = persistent;
        if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH) && !bodiless) {
            if (http10) {
                keep = false;
            } else {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        if (!keep) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private static void copy(HttpHeaders upstream, io.netty.handler.codec.http.HttpHeaders response) {
        if (upstream instanceof NettyBackedHeaders backed) {
            // Entry by entry, as decoded: no map of names and list of values through Spring's view.
            for (Map.Entry<String, String> header : backed.netty()) {
                if (!HopByHopHeaders.isHopByHop(header.getKey())) {
                    response.add(header.getKey(), header.getValue());
                }
            }
            return;
        }
        upstream.forEach((name, values) -> {
            if (!HopByHopHeaders.isHopByHop(name)) {
                response.set(name, values);
            }
        });
    }

    /**
     * Whether the response is an event stream or NDJSON, which must be flushed per chunk. Read
     * from the media type's essence without parsing its parameters: this runs for every call.
     */
    static boolean isStream(io.netty.handler.codec.http.HttpHeaders response) {
        String type = response.get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        int parameters = type.indexOf(';');
        String essence = (parameters < 0 ? type : type.substring(0, parameters)).strip();
        return essence.equalsIgnoreCase(MediaType.TEXT_EVENT_STREAM_VALUE)
                || essence.equalsIgnoreCase(MediaType.APPLICATION_NDJSON_VALUE);
    }
}
