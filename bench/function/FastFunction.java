import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The proxy benchmark's function: an HTTP-mode function that answers every request at once with
 * 200 and a small fixed body, after draining the request body. One source file, run with the
 * source launcher: {@code PORT=8000 java bench/function/FastFunction.java}.
 *
 * <p>Environment: {@code PORT} (default 8000), {@code FAST_EXECUTOR} = {@code fixed} (default, a
 * pool of {@code FAST_THREADS} platform threads, default 4) or {@code virtual} (one virtual
 * thread per exchange), and {@code FAST_BURN_MICROS} (default 0): CPU time each call burns
 * before it answers, measured on the thread's own CPU clock, so a busy machine does not make it
 * burn more. The benchmark's second function is this one with 200 µs: a gateway's share of a
 * function that does some work.
 */
public final class FastFunction {

    private static final byte[] BODY = "ok from edgeway bench\n".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long burnNanos;
    private static volatile long sink;

    public static void main(String[] args) throws IOException {
        // Headers and body go out in separate writes; without TCP_NODELAY Nagle's algorithm
        // and delayed ACKs add tens of milliseconds to keep-alive responses.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // The JDK's server closes any connection that goes idle while 200 others are idle. The
        // benchmark's proxies keep pooled connections to this one instance (Edgeway a pool per
        // event loop, nginx 256 per worker), so a direct run after them had every wrk connection
        // closed after one response: about as many socket errors as answers, and a new
        // connection's CPU on every call (docs/benchmarks.md).
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        int port = Integer.parseInt(env("PORT", "8000"));
        String executorKind = env("FAST_EXECUTOR", "fixed");
        int threads = Integer.parseInt(env("FAST_THREADS", "4"));
        burnNanos = Long.parseLong(env("FAST_BURN_MICROS", "0")) * 1000;
        ExecutorService executor = executorKind.equals("virtual")
                ? Executors.newVirtualThreadPerTaskExecutor()
                : Executors.newFixedThreadPool(threads);

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/", FastFunction::handle);
        server.setExecutor(executor);
        server.start();
        System.out.println("FastFunction listening on port " + port + " (executor " + executorKind
                + (executorKind.equals("virtual") ? "" : ", " + threads + " threads") + ", burning "
                + burnNanos / 1000 + " µs per call)");
        System.out.flush();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
            if (burnNanos > 0) {
                burn();
            }
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        }
    }

    /** Spins until this thread has used {@code burnNanos} of CPU. */
    private static void burn() {
        long end = THREADS.getCurrentThreadCpuTime() + burnNanos;
        long x = sink;
        while (THREADS.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 1000; i++) {
                x = x * 31 + i;
            }
        }
        sink = x;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
