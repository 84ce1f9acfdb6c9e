package dev.edgeway.gateway.provider.faas;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A faas-provider for tests: a real HTTP server on a random loopback port that follows the
 * contract of faas-provider's {@code serve.go} (faas-netes' status codes and messages), keeps
 * functions, secrets and logs in memory, enforces basic auth on {@code /system} when given
 * credentials, and proxies {@code /function/} calls to a real function replica.
 */
final class FaasProviderServer implements AutoCloseable {

    static final String DEFAULT_NAMESPACE = "openfaas-fn";

    /** A request as the server received it. */
    record Received(
            String method,
            String path,
            @Nullable String query,
            @Nullable String authorization,
            String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final @Nullable String authorization;
    private final List<String> namespaces;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final InMemoryFunctions functions;
    private final InMemorySecrets secrets = new InMemorySecrets();
    private final FollowableLogs logs;
    private final FunctionProxy proxy;

    /**
     * @param replica where every deployed function's replica answers
     * @param namespaces the namespaces it serves; none makes {@code /system/namespaces} a 404, as older providers
     */
    private FaasProviderServer(URI replica, @Nullable String user, @Nullable String password, List<String> namespaces)
            throws IOException {
        this.authorization = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.namespaces = List.copyOf(namespaces);
        this.functions = new InMemoryFunctions(namespaces.isEmpty() ? List.of(DEFAULT_NAMESPACE) : namespaces);
        this.logs = new FollowableLogs(functions::exists);
        this.proxy = new FunctionProxy(replica, functions::exists);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static FaasProviderServer start(
            URI replica, @Nullable String user, @Nullable String password, List<String> namespaces) throws IOException {
        return new FaasProviderServer(replica, user, password, namespaces);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    InMemorySecrets secrets() {
        return secrets;
    }

    void log(String name, String namespace, String text) {
        logs.append(name, namespace, text);
    }

    void clear() {
        received.clear();
        functions.clear();
        secrets.clear();
        logs.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            ProviderCall call = ProviderCall.read(exchange);
            String path = call.path();
            received.add(new Received(
                    call.method(),
                    path,
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    call.text()));
            if (path.startsWith("/system/")
                    && authorization != null
                    && !authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Restricted\"");
                call.reply(401, "invalid credentials");
                return;
            }
            route(call, path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(500, -1);
        } finally {
            exchange.close();
        }
    }

    // One table for every route, as faas-provider's serve.go has.
    private void route(ProviderCall call, String path) throws IOException, InterruptedException {
        String route = call.method() + " " + path;
        switch (route) {
            case "GET /system/functions" -> functions.list(call);
            case "POST /system/functions" -> functions.deploy(call);
            case "PUT /system/functions" -> functions.update(call);
            case "DELETE /system/functions" -> functions.delete(call);
            case "GET /system/info" ->
                call.replyRawJson(
                        "{\"provider\":\"faas-netes-ce\",\"orchestration\":\"kubernetes\","
                                + "\"version\":{\"commit_message\":\"Serve from memory\",\"sha\":\"a1b2c3d\",\"release\":\"0.18.13\"}}");
            case "GET /system/namespaces" -> {
                if (namespaces.isEmpty()) {
                    call.reply(404, "404 page not found");
                } else {
                    call.replyJson(200, namespaces);
                }
            }
            case "GET /system/secrets" -> secrets.list(call);
            case "POST /system/secrets" -> secrets.create(call);
            case "PUT /system/secrets" -> secrets.update(call);
            case "DELETE /system/secrets" -> secrets.delete(call);
            case "GET /system/logs" -> logs.stream(call);
            case "GET /healthz" -> call.reply(200, "");
            default -> {
                if (route.startsWith("GET /system/function/")) {
                    functions.status(call, path.substring("/system/function/".length()));
                } else if (route.startsWith("POST /system/scale-function/")) {
                    functions.scale(call, path.substring("/system/scale-function/".length()));
                } else if (path.startsWith("/function/")) {
                    proxy.forward(call);
                } else {
                    call.reply(404, "404 page not found");
                }
            }
        }
    }

    @Override
    public void close() {
        logs.stop();
        server.stop(0);
        executor.shutdownNow();
    }
}
