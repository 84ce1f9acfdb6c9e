package dev.edgeway.gateway.system;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.LogEntry;
import dev.edgeway.gateway.provider.LogRequest;
import dev.edgeway.gateway.provider.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /system/logs?name=&namespace=&instance=&tail=&follow=&since=}: a function's log as
 * NDJSON, one {@link LogEntry} per line, each flushed as it is written. A followed stream ends
 * when the client goes away or after the write timeout, as in OpenFaaS.
 */
@Component
public class LogsHandler {

    private static final HttpStatus UNPARSEABLE = HttpStatus.UNPROCESSABLE_CONTENT;

    private final FunctionProvider provider;
    private final JsonMapper json;
    private final Duration writeTimeout;

    public LogsHandler(FunctionProvider provider, JsonMapper json, GatewayProperties properties) {
        this.provider = provider;
        this.json = json;
        this.writeTimeout = properties.writeTimeout();
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        LogRequest logRequest = parse(request);
        Flux<LogEntry> entries = provider.logs(logRequest);
        Flux<LogEntry> bounded = logRequest.follow() ? entries.take(writeTimeout) : entries;
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_NDJSON)
                .body((message, context) -> message.writeAndFlushWith(
                        bounded.map(entry -> Mono.just(line(message.bufferFactory(), entry)))));
    }

    private DataBuffer line(DataBufferFactory buffers, LogEntry entry) {
        byte[] bytes = json.writeValueAsBytes(entry);
        return buffers.allocateBuffer(bytes.length + 1).write(bytes).write((byte) '\n');
    }

    private LogRequest parse(ServerRequest request) {
        String name = request.queryParam("name").orElse("");
        if (name.isEmpty()) {
            throw new ProviderException(UNPARSEABLE, "could not parse the log request: name is required");
        }
        FunctionNames.requireService(name);
        String namespace = RequestNamespace.of(request, provider.defaultNamespace());
        String instance =
                request.queryParam("instance").filter(s -> !s.isEmpty()).orElse(null);
        long tail = request.queryParam("tail")
                .filter(s -> !s.isEmpty())
                .map(LogsHandler::tail)
                .orElse(-1L);
        boolean follow = request.queryParam("follow")
                .filter(s -> !s.isEmpty())
                .map(LogsHandler::bool)
                .orElse(false);
        Instant since = request.queryParam("since")
                .filter(s -> !s.isEmpty())
                .map(LogsHandler::since)
                .orElse(null);
        return new LogRequest(name, namespace, instance, tail, follow, since);
    }

    private static long tail(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ProviderException(
                    UNPARSEABLE, "could not parse the log request: tail: " + value + " (expected: an integer)");
        }
    }

    /** Go's {@code strconv.ParseBool} spellings. */
    private static boolean bool(String value) {
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default ->
                throw new ProviderException(
                        UNPARSEABLE,
                        "could not parse the log request: follow: " + value + " (expected: true or false)");
        };
    }

    private static Instant since(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProviderException(
                    UNPARSEABLE, "could not parse the log request: since: " + value + " (expected: an RFC 3339 time)");
        }
    }
}
