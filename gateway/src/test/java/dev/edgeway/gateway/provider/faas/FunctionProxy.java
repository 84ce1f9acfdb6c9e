package dev.edgeway.gateway.provider.faas;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The test faas-provider's {@code /function/{name}[.{ns}][/path]}, as faas-provider's proxy
 * does it: strip {@code /function/{name}}, call the replica at the sub-path ({@code /} when
 * none) with the raw query, copy headers both ways, never follow redirects.
 */
final class FunctionProxy {

    // Hop-by-hop headers, and those java.net.http sets itself.
    private static final Set<String> NOT_COPIED = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "content-length",
            "host",
            "expect");

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI replica;
    private final BiPredicate<String, String> exists;

    FunctionProxy(URI replica, BiPredicate<String, String> exists) {
        this.replica = replica;
        this.exists = exists;
    }

    void forward(ProviderCall call) throws IOException, InterruptedException {
        String rest = call.exchange().getRequestURI().getRawPath().substring("/function/".length());
        int slash = rest.indexOf('/');
        String qualified = slash < 0 ? rest : rest.substring(0, slash);
        String subPath = slash < 0 || slash == rest.length() - 1 ? "/" : rest.substring(slash);
        int dot = qualified.lastIndexOf('.');
        String name = dot < 0 ? qualified : qualified.substring(0, dot);
        String ns = dot < 0 ? FaasProviderServer.DEFAULT_NAMESPACE : qualified.substring(dot + 1);
        if (name.isEmpty()) {
            call.exchange().getResponseHeaders().set("X-OpenFaaS-Internal", "proxy");
            call.reply(400, "Provide function name in the request path");
            return;
        }
        if (!exists.test(name, ns)) {
            call.exchange().getResponseHeaders().set("X-OpenFaaS-Internal", "proxy");
            call.reply(503, "No endpoints available for: " + name + ".");
            return;
        }
        String query = call.exchange().getRequestURI().getRawQuery();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(replica + subPath + (query == null ? "" : "?" + query)))
                .method(
                        call.method(),
                        call.body().length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.exchange().getRequestHeaders().forEach((header, values) -> {
            if (!NOT_COPIED.contains(header.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(header, v));
            }
        });
        var incoming = call.exchange().getRequestHeaders();
        if (!incoming.containsKey("X-Forwarded-Host") && incoming.containsKey("Host")) {
            request.header("X-Forwarded-Host", incoming.getFirst("Host"));
        }
        if (!incoming.containsKey("X-Forwarded-For")) {
            var remote = call.exchange().getRemoteAddress();
            request.header("X-Forwarded-For", remote.getAddress().getHostAddress() + ":" + remote.getPort());
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().map().forEach((header, values) -> {
            if (!header.startsWith(":") && !NOT_COPIED.contains(header.toLowerCase(Locale.ROOT))) {
                call.exchange().getResponseHeaders().put(header, values);
            }
        });
        byte[] body = response.body();
        call.exchange().sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            call.exchange().getResponseBody().write(body);
        }
        call.exchange().close();
    }
}
