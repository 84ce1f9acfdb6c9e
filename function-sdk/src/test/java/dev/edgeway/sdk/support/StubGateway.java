package dev.edgeway.sdk.support;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A scripted stand-in for the gateway's state API: a real JDK HTTP server on a loopback port that
 * answers each request with the next canned response (status, headers, body) and records what it
 * received, so a test can check the exact method, path, headers and body the client sent.
 */
public final class StubGateway implements BeforeEachCallback, AfterEachCallback {

    /**
     * A request as received.
     *
     * @param method the method
     * @param uri the raw path and query
     * @param headers the headers
     * @param body the body
     */
    public record Received(String method, String uri, Headers headers, byte[] body) {

        /** The first value of a header, or null. */
        public String header(String name) {
            return headers.getFirst(name);
        }

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private record Canned(int status, Map<String, String> headers, byte[] body) {}

    private final ConcurrentLinkedQueue<Canned> responses = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private HttpServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.stop(0);
        responses.clear();
        received.clear();
    }

    /** The base URL, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues a response; {@code headers} are name, value pairs. */
    public StubGateway respond(int status, String contentType, String body, String... headers) {
        Map<String, String> map = new LinkedHashMap<>();
        if (contentType != null) {
            map.put("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        responses.add(new Canned(status, map, body.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** Queues a JSON response. */
    public StubGateway json(int status, String body, String... headers) {
        return respond(status, "application/json", body, headers);
    }

    /** Queues a problem response as the storage API writes it. */
    public StubGateway problem(int status, String slug, String title, String detail, String... extensionPairs) {
        StringBuilder body = new StringBuilder()
                .append("{\"type\":\"https://edgeway.dev/problems/storage/")
                .append(slug)
                .append("\",\"title\":\"")
                .append(title)
                .append("\",\"status\":")
                .append(status)
                .append(",\"detail\":\"")
                .append(detail)
                .append('"');
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < extensionPairs.length; i += 2) {
            if (extensionPairs[i].startsWith("header:")) {
                headers.add(extensionPairs[i].substring("header:".length()));
                headers.add(extensionPairs[i + 1]);
            } else {
                body.append(",\"").append(extensionPairs[i]).append("\":").append(extensionPairs[i + 1]);
            }
        }
        body.append('}');
        return respond(status, "application/problem+json", body.toString(), headers.toArray(String[]::new));
    }

    /** The next request received, waiting up to five seconds. */
    public Received take() throws InterruptedException {
        Received request = received.poll(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("no request reached the stub gateway");
        }
        return request;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath()
                            + (exchange.getRequestURI().getRawQuery() == null
                                    ? ""
                                    : "?" + exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders(),
                    body));
            Canned canned = responses.poll();
            if (canned == null) {
                canned = new Canned(500, Map.of("Content-Type", "text/plain"), "no canned response".getBytes());
            }
            canned.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(canned.status(), canned.body().length == 0 ? -1 : canned.body().length);
            if (canned.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(canned.body());
                }
            }
        }
    }
}
