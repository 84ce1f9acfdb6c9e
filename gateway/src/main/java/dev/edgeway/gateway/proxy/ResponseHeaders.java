package dev.edgeway.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Relays a function's response headers: all of them, except the hop-by-hop ones. */
final class ResponseHeaders {

    private ResponseHeaders() {}

    static void copy(HttpHeaders upstream, io.netty.handler.codec.http.HttpHeaders response) {
        upstream.forEach((name, values) -> {
            if (!HopByHopHeaders.isHopByHop(name)) {
                response.set(name, values);
            }
        });
    }

    /** Whether the response is an event stream or NDJSON, which must be flushed per chunk. */
    static boolean isStream(io.netty.handler.codec.http.HttpHeaders response) {
        String type = response.get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        try {
            MediaType mediaType = MediaType.parseMediaType(type);
            return MediaType.TEXT_EVENT_STREAM.isCompatibleWith(mediaType)
                    || MediaType.APPLICATION_NDJSON.isCompatibleWith(mediaType);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
