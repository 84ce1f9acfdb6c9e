package dev.edgeway.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * Serves a {@link Function} over HTTP the way of-watchdog's {@code http} mode and Edgeway's local
 * provider ({@code envVars.mode=http}) expect: a long-running process listening on the port in
 * {@code PORT}, every path and method passed to the function, one virtual thread per call.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     FunctionServer.serve(request -> Response.ok("hello " + request.bodyAsString()));
 * }
 * }</pre>
 */
public final class FunctionServer implements AutoCloseable {

    /** The port used when neither {@code PORT} nor {@code upstream_url} names one, as in of-watchdog templates. */
    public static final int DEFAULT_PORT = 8082;

    /** The largest request body read by default: 64 MiB. */
    public static final long DEFAULT_MAX_REQUEST_SIZE = 64L * 1024 * 1024;

    private static final System.Logger log = System.getLogger(FunctionServer.class.getName());

    private final HttpServer server;
    private final ExecutorService executor;

    private FunctionServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * A builder of a server for the function, with the port from the environment.
     *
     * @param function the function to serve
     * @return a builder
     */
    public static Builder builder(Function function) {
        return new Builder(Objects.requireNonNull(function, "function"));
    }

    /**
     * Serves the function on the port from the environment and blocks until the JVM shuts down;
     * for a function's {@code main} method.
     *
     * @param function the function to serve
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static void serve(Function function) {
        FunctionServer server = builder(function).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
    }

    /**
     * The port the server listens on.
     *
     * @return the bound port, also when {@code 0} asked for any free one
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting calls, lets running calls finish for up to a second, and stops. */
    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }

    /** Options of a {@link FunctionServer}; defaults come from the environment. */
    public static final class Builder {

        private final Function function;
        private Map<String, String> environment = System.getenv();
        private @Nullable Integer port;
        private String host = InetAddress.getLoopbackAddress().getHostAddress();
        private long maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;

        private Builder(Function function) {
            this.function = function;
        }

        /**
         * The environment to read {@code PORT} and {@code upstream_url} from, instead of the
         * process's.
         *
         * @param environment the variables
         * @return this builder
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /**
         * The port, instead of the environment's.
         *
         * @param port 0 to 65535; 0 binds any free port
         * @return this builder
         * @throws IllegalArgumentException when the port is out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
            }
            this.port = port;
            return this;
        }

        /**
         * The address to bind. The default is the loopback address, which is where of-watchdog
         * and Edgeway's local provider connect; bind {@code 0.0.0.0} only when something outside
         * the machine must reach the function directly.
         *
         * @param host an IP address or host name
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The largest request body to accept; larger ones are answered 413 without calling the
         * function.
         *
         * @param bytes the limit in bytes, at least 0
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder maxRequestSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxRequestSize: " + bytes + " (expected: >= 0)");
            }
            this.maxRequestSize = bytes;
            return this;
        }

        /**
         * Binds the port and starts serving.
         *
         * @return the running server
         * @throws UncheckedIOException when the port cannot be bound
         * @throws IllegalArgumentException when {@code PORT} or {@code upstream_url} is unreadable
         */
        public FunctionServer start() {
            int chosen = port != null ? port : portFromEnvironment(environment);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(host, chosen), 0);
                server.setExecutor(executor);
                server.createContext("/", exchange -> new Call(function, maxRequestSize).handle(exchange));
                server.start();
                log.log(
                        Level.INFO,
                        "Function listening on {0}:{1}",
                        host,
                        String.valueOf(server.getAddress().getPort()));
                return new FunctionServer(server, executor);
            } catch (IOException e) {
                executor.close();
                throw new UncheckedIOException("cannot listen on " + host + ":" + chosen, e);
            }
        }

        static int portFromEnvironment(Map<String, String> environment) {
            String port = environment.get("PORT");
            if (port != null && !port.isBlank()) {
                try {
                    int value = Integer.parseInt(port.strip());
                    if (value >= 0 && value <= 65535) {
                        return value;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new IllegalArgumentException("PORT: " + port + " (expected: 0 to 65535)");
            }
            String upstream = environment.get("upstream_url");
            if (upstream != null && !upstream.isBlank()) {
                int value = URI.create(upstream.strip()).getPort();
                if (value < 0) {
                    throw new IllegalArgumentException("upstream_url: " + upstream + " (expected: a URL with a port)");
                }
                return value;
            }
            return DEFAULT_PORT;
        }
    }

    /** One exchange: read the body within the limit, call the function, write its response. */
    private record Call(Function function, long maxRequestSize) {

        void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body = readBody(exchange.getRequestBody(), maxRequestSize);
                if (body == null) {
                    write(exchange, text(413, "request body larger than " + maxRequestSize + " bytes"));
                    return;
                }
                URI uri = exchange.getRequestURI();
                Request request = Request.of(
                        exchange.getRequestMethod(),
                        uri.getRawPath() == null ? "/" : uri.getRawPath(),
                        uri.getRawQuery() == null ? "" : uri.getRawQuery(),
                        exchange.getRequestHeaders(),
                        body);
                write(exchange, invoke(request));
            }
        }

        private Response invoke(Request request) {
            try {
                Response response = function.handle(request);
                if (response == null) {
                    log.log(Level.WARNING, "Function returned no response for {0}", request);
                    return text(500, "function returned no response");
                }
                return response;
            } catch (Exception e) {
                log.log(Level.WARNING, "Function failed on " + request, e);
                return text(500, "function failed; see the function's log");
            }
        }

        private static Response text(int status, String message) {
            return Response.of(status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
        }

        /** The body, or null when it is longer than the limit. */
        private static byte @Nullable [] readBody(InputStream in, long limit) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > limit) {
                    in.transferTo(OutputStream.nullOutputStream());
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }

        private static void write(HttpExchange exchange, Response response) throws IOException {
            response.headers()
                    .forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
            byte[] body = response.body();
            boolean noBody = body.length == 0
                    || exchange.getRequestMethod().equalsIgnoreCase("HEAD")
                    || response.status() == 204
                    || response.status() == 304;
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }
}
