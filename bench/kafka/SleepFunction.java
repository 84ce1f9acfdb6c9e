import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka benchmark's function: an HTTP-mode function that waits {@code SLEEP_MS} (0: none)
 * without using the CPU, as a function waiting on I/O does, then answers 200 with a small body.
 * One virtual thread per call, so its own concurrency never limits the trigger's. Run with the
 * source launcher: {@code PORT=8000 SLEEP_MS=10 java bench/kafka/SleepFunction.java}.
 */
public final class SleepFunction {

    private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.US_ASCII);
    private static long sleepMillis;

    public static void main(String[] args) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8000"));
        sleepMillis = Long.parseLong(System.getenv().getOrDefault("SLEEP_MS", "0"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/", SleepFunction::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        System.out.println("SleepFunction on port " + port + ", " + sleepMillis + " ms per call");
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
            if (sleepMillis > 0) {
                try {
                    new CountDownLatch(1).await(sleepMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        }
    }
}
