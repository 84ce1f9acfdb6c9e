package dev.edgeway.kafka.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real HTTP functions on a loopback port, at {@code /function/<name>/...}: each echoes its request
 * body with 200 unless statuses were scripted for it; an unknown name answers 404, as the gateway does.
 * A request with {@code X-Delay-Ms} takes that long to answer (a slow function); each function
 * counts the calls it runs at once. A request with {@code X-Response-Bytes} is answered with that
 * many bytes instead of its own body (a function with a large answer).
 */
public final class HttpFunctions implements AutoCloseable {

    /** One request a function received. */
    public record Received(
            String function, String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final List<String> deployed = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> peaks = new ConcurrentHashMap<>();

    public HttpFunctions() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/function/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** In a script: close the connection without an answer (an unreachable function, to its caller). */
    public static final int DROP = 0;

    /** In a script: answer 200 only after {@link #STALL_MILLIS}, longer than the trigger tests' invoke timeout. */
    public static final int STALL = -1;

    static final long STALL_MILLIS = 12_000;

    /** Deploys a function that answers the given statuses (or {@link #DROP}, {@link #STALL}) in turn, then 200. */
    public void deploy(String name, Integer... statuses) {
        deployed.add(name);
        scripts.put(name, new ArrayDeque<>(List.of(statuses)));
    }

    public List<Received> received(String function) {
        return received.stream().filter(r -> r.function().equals(function)).toList();
    }

    /** The name under which calls of every function are counted together. */
    public static final String ALL = "*";

    /** The most slow calls ({@code X-Delay-Ms}) the function (or {@link #ALL}) ran at once. */
    public int peakConcurrency(String function) {
        AtomicInteger peak = peaks.get(function);
        return peak == null ? 0 : peak.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String rest = exchange.getRequestURI().getRawPath().substring("/function/".length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        String query = exchange.getRequestURI().getRawQuery();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!deployed.contains(name)) {
            respond(exchange, 404, ("function " + name + " not found").getBytes());
            return;
        }
        received.add(new Received(
                name,
                exchange.getRequestMethod(),
                query == null ? path : path + "?" + query,
                Map.copyOf(exchange.getRequestHeaders()),
                body));
        Deque<Integer> script = scripts.get(name);
        Integer status;
        synchronized (script) {
            status = script.poll();
        }
        if (status != null && status == DROP) {
            exchange.close();
            return;
        }
        String delay = status != null && status == STALL
                ? Long.toString(STALL_MILLIS)
                : exchange.getRequestHeaders().getFirst("X-Delay-Ms");
        if (delay != null) {
            AtomicInteger now = running.computeIfAbsent(name, n -> new AtomicInteger());
            AtomicInteger all = running.computeIfAbsent(ALL, n -> new AtomicInteger());
            peaks.computeIfAbsent(name, n -> new AtomicInteger()).accumulateAndGet(now.incrementAndGet(), Math::max);
            peaks.computeIfAbsent(ALL, n -> new AtomicInteger()).accumulateAndGet(all.incrementAndGet(), Math::max);
            try {
                // The function's own work (a latch nobody counts down), not the test waiting for something.
                new CountDownLatch(1).await(Long.parseLong(delay), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                now.decrementAndGet();
                all.decrementAndGet();
            }
        }
        if (status != null && status == STALL) {
            status = null;
        }
        if (status != null) {
            respond(exchange, status, ("failed with " + status).getBytes());
            return;
        }
        String size = exchange.getRequestHeaders().getFirst("X-Response-Bytes");
        respond(
                exchange,
                200,
                size == null ? body : "x".repeat(Integer.parseInt(size)).getBytes());
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
