package dev.edgeway.gateway.async;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP server receiving callbacks on a loopback port. Its first {@code failFirst}
 * requests to {@code /flaky} answer 503, to test that callbacks are tried again.
 */
final class CallbackReceiver implements BeforeAllCallback, AfterAllCallback {

    /** One callback as received. */
    record Received(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst())
                    .findFirst()
                    .orElse("");
        }
    }

    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger flakyFailures = new AtomicInteger(1);
    private HttpServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes());
            String path = exchange.getRequestURI().getPath();
            boolean fail = path.equals("/flaky") && flakyFailures.getAndDecrement() > 0;
            if (!fail) {
                received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body));
            }
            exchange.sendResponseHeaders(fail ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop(0);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The callback of a call, once it came. */
    Optional<Received> of(String callId) {
        return received.stream()
                .filter(callback -> callback.header("X-Call-Id").equals(callId))
                .findFirst();
    }

    /** Every callback of a call, in the order they came. */
    List<Received> all(String callId) {
        return received.stream()
                .filter(callback -> callback.header("X-Call-Id").equals(callId))
                .toList();
    }

    long count(String path) {
        return received.stream()
                .filter(callback -> callback.path().equals(path))
                .count();
    }
}
