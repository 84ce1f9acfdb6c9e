package dev.edgeway.gateway.support;

import dev.edgeway.gateway.EdgewayApplication;
import dev.edgeway.gateway.auth.BasicAuthCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * One gateway as its own Spring application context in the test JVM: its own random ports and
 * data directory, NATS at the URLs given, like a separate gateway process sharing that NATS.
 */
public final class GatewayNode implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ConfigurableApplicationContext context;
    private final String base;
    private final String authorization;

    private GatewayNode(ConfigurableApplicationContext context) {
        this.context = context;
        this.base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        this.authorization = context.getBean(BasicAuthCredentials.class).header();
    }

    /** Starts a gateway on NATS at {@code natsUrls}, with these properties besides. */
    public static GatewayNode start(String natsUrls, String... properties) {
        String id = UUID.randomUUID().toString();
        List<String> all = new ArrayList<>(List.of(
                "server.port=0",
                "management.server.port=0",
                "edgeway.nats.url=" + natsUrls,
                "edgeway.gateway.data-dir=target/it-data/" + id,
                "edgeway.gateway.local.secret-mount-path=target/it-secrets/" + id,
                "edgeway.gateway.local.start-timeout=20s"));
        all.addAll(List.of(properties));
        // As command-line arguments: they win over application.yml (builder properties would not).
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EdgewayApplication.class)
                .initializers(GatewayNode::ownNettyResources)
                .run(all.stream().map(property -> "--" + property).toArray(String[]::new));
        return new GatewayNode(context);
    }

    /**
     * Event loops of its own: with Reactor Netty's global ones, closing this node would dispose
     * them under the suite's shared gateway too, whose servers then refuse every connection.
     */
    private static void ownNettyResources(ConfigurableApplicationContext context) {
        ((GenericApplicationContext) context)
                .registerBean("reactorResourceFactory", ReactorResourceFactory.class, () -> {
                    ReactorResourceFactory resources = new ReactorResourceFactory();
                    resources.setUseGlobalResources(false);
                    return resources;
                });
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** One request with the gateway's credentials; {@code body} null for none. */
    public HttpResponse<String> send(String method, String path, @Nullable String contentType, @Nullable String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    public HttpResponse<String> json(String method, String path, String json) {
        return send(method, path, "application/json", json);
    }

    @Override
    public void close() {
        context.close();
    }
}
