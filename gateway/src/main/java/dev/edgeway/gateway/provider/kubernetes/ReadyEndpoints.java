package dev.edgeway.gateway.provider.kubernetes;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The ready addresses of a function's Endpoints and the turn of each function, so calls go to
 * its replicas round robin. Only {@code addresses} count: Kubernetes lists a pod there once its
 * readiness probe passes, and under {@code notReadyAddresses} before.
 */
final class ReadyEndpoints {

    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();

    /** The base URIs of a function's ready replicas, in the order Kubernetes lists them. */
    static List<URI> of(@Nullable Endpoints endpoints) {
        List<URI> ready = new ArrayList<>();
        if (endpoints == null || endpoints.getSubsets() == null) {
            return ready;
        }
        for (EndpointSubset subset : endpoints.getSubsets()) {
            Integer port = port(subset.getPorts());
            if (port == null || subset.getAddresses() == null) {
                continue;
            }
            for (EndpointAddress address : subset.getAddresses()) {
                ready.add(URI.create("http://" + host(address.getIp()) + ":" + port));
            }
        }
        return ready;
    }

    /** The next ready replica of a function, or empty when it has none. */
    Optional<URI> next(String name, String namespace, @Nullable Endpoints endpoints) {
        List<URI> ready = of(endpoints);
        if (ready.isEmpty()) {
            return Optional.empty();
        }
        int turn = turns.computeIfAbsent(namespace + "/" + name, k -> new AtomicInteger())
                .getAndIncrement();
        return Optional.of(ready.get(Math.floorMod(turn, ready.size())));
    }

    /** Forgets a removed function's turn. */
    void forget(String name, String namespace) {
        turns.remove(namespace + "/" + name);
    }

    /** The port named {@code http} (the Service's), else the only one. */
    private static @Nullable Integer port(@Nullable List<EndpointPort> ports) {
        if (ports == null || ports.isEmpty()) {
            return null;
        }
        return ports.stream()
                .filter(p -> "http".equals(p.getName()))
                .findFirst()
                .orElse(ports.getFirst())
                .getPort();
    }

    // An IPv6 pod address needs brackets in a URI.
    private static String host(String ip) {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
    }
}
