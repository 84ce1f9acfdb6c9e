package dev.edgeway.gateway.provider.kubernetes;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A real HTTP server on loopback standing in for a function pod: it answers {@code <name>: <body>}
 * on any path, so a test sees which replica a call reached.
 */
final class FunctionPods {

    private FunctionPods() {}

    static HttpServer start(String replica) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                byte[] answer = (replica + ": " + new String(body, StandardCharsets.UTF_8) + " "
                                + exchange.getRequestURI())
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Endpoints object Kubernetes would publish with these servers as ready pods. */
    static Endpoints endpoints(String function, String namespace, HttpServer... pods) {
        EndpointsBuilder endpoints = new EndpointsBuilder()
                .withNewMetadata()
                .withName(function)
                .withNamespace(namespace)
                .endMetadata();
        for (HttpServer pod : pods) {
            endpoints
                    .addNewSubset()
                    .addNewAddress()
                    .withIp("127.0.0.1")
                    .endAddress()
                    .addNewPort()
                    .withName("http")
                    .withPort(pod.getAddress().getPort())
                    .endPort()
                    .endSubset();
        }
        return endpoints.build();
    }
}
