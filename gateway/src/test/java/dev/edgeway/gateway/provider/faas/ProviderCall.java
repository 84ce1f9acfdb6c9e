package dev.edgeway.gateway.provider.faas;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/** One request the test faas-provider received, with its body read, and the ways to answer it. */
record ProviderCall(HttpExchange exchange, byte[] body) {

    // Decodes as Go's encoding/json does: an omitted field is its zero value, keys match in any case.
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .build();

    static ProviderCall read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new ProviderCall(exchange, in.readAllBytes());
        }
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String path() {
        return exchange.getRequestURI().getPath();
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    <T> T json(Class<T> type) {
        return JSON.readValue(body, type);
    }

    /** A query parameter, or null when absent or empty (as Go's {@code Query().Get} reads it). */
    @Nullable
    String query(String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name) && eq >= 0) {
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** The namespace named by the query, else the body's, else the default. */
    String namespace(@Nullable String fromBody) {
        String fromQuery = query("namespace");
        if (fromQuery != null) {
            return fromQuery;
        }
        return fromBody == null || fromBody.isEmpty() ? FaasProviderServer.DEFAULT_NAMESPACE : fromBody;
    }

    /** A plain-text answer, as faas-provider's {@code http.Error} writes it; empty text means no body. */
    void reply(int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!text.isEmpty()) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        }
        send(status, bytes);
    }

    void replyJson(int status, Object value) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(status, JSON.writeValueAsBytes(value));
    }

    void replyRawJson(String json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(200, json.getBytes(StandardCharsets.UTF_8));
    }

    private void send(int status, byte[] bytes) throws IOException {
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
