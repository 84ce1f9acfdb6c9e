package dev.edgeway.gateway.proxy;

import dev.edgeway.gateway.path.CanonicalPath;
import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.ProviderException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The function and sub-path named by {@code /function/{name}[.{namespace}][/{path}]}. The
 * namespace is the text after the last dot; the sub-path is kept raw (still percent-encoded),
 * so the function receives exactly what the caller sent.
 */
public record FunctionPath(String name, String namespace, String subPath) {

    /**
     * Parses the part of a raw request path after the route prefix (e.g. {@code /function/}).
     * Empty when the name does not match the router's pattern (answered as an unknown route);
     * a 404 for an empty name before the namespace, as an unknown function; a 400 when it
     * matches but is not a valid DNS-1123 label, or when the sub-path has dot segments.
     */
    public static Optional<FunctionPath> parse(String afterPrefix, String defaultNamespace) {
        int slash = afterPrefix.indexOf('/');
        String rawName = slash < 0 ? afterPrefix : afterPrefix.substring(0, slash);
        String subPath = slash < 0 ? "/" : afterPrefix.substring(slash);
        // Decoded only when there is something to decode: this runs for every proxied call.
        String qualified = rawName.indexOf('%') < 0
                ? rawName
                : URLDecoder.decode(rawName.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (!isRouteName(qualified)) {
            return Optional.empty();
        }
        int dot = qualified.lastIndexOf('.');
        String name = dot < 0 ? qualified : qualified.substring(0, dot);
        String namespace = dot < 0 ? defaultNamespace : qualified.substring(dot + 1);
        if (name.isEmpty()) {
            // OpenFaaS looks the empty name up and finds no such function: its conformance test
            // for unknown functions calls /function/.openfaas-fn and expects this 404.
            throw ProviderException.functionNotFound(name, namespace);
        }
        FunctionNames.requireService(name);
        FunctionNames.requireNamespace(namespace);
        // A dot segment would be resolved by the function's server, or a faas-provider, into a
        // path the caller did not name: OpenFaaS's router answers such paths with a redirect.
        String dots = CanonicalPath.dotSegmentProblem(subPath);
        if (dots != null) {
            throw ProviderException.badRequest("invalid request path: " + dots);
        }
        return Optional.of(new FunctionPath(name, namespace, subPath));
    }

    /** The OpenFaaS router's name pattern, {@code [-a-zA-Z_0-9.]+}; anything else is not a route at all. */
    private static boolean isRouteName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '_'
                    || c == '.';
            if (!allowed) {
                return false;
            }
        }
        return !name.isEmpty();
    }
}
