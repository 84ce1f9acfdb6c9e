package dev.edgeway.gateway.provider;

import java.util.regex.Pattern;

/**
 * Validates function, namespace and secret names as DNS-1123 labels, with faas-netes' messages.
 * Only validated names ever reach a provider, so no request can steer a lookup, a file path or
 * an upstream host.
 */
public final class FunctionNames {

    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_LABEL = 63;
    private static final int MAX_SUBDOMAIN = 253;

    private FunctionNames() {}

    /**
     * Whether a name is a DNS-1123 label of at most 63 characters: {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?}.
     * Checked by hand, not with the pattern: this runs twice for every proxied call.
     */
    public static boolean isLabel(String name) {
        int length = name.length();
        if (length == 0 || length > MAX_LABEL || name.charAt(0) == '-' || name.charAt(length - 1) == '-') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Checks a function name; 400 {@code service: (x) is invalid, must be a valid DNS entry}. */
    public static String requireService(String service) {
        if (service.isEmpty()) {
            throw ProviderException.badRequest("validation failed: service: is required");
        }
        if (!isLabel(service)) {
            throw ProviderException.badRequest(
                    "validation failed: service: (" + service + ") is invalid, must be a valid DNS entry");
        }
        return service;
    }

    /** Checks a namespace name; 400 {@code namespace: (x) is invalid, must be a valid DNS entry}. */
    public static String requireNamespace(String namespace) {
        if (!isLabel(namespace)) {
            throw ProviderException.badRequest(
                    "validation failed: namespace: (" + namespace + ") is invalid, must be a valid DNS entry");
        }
        return namespace;
    }

    /**
     * Checks a secret name: DNS-1123 subdomain, as faas-cli's {@code secret create} requires, so
     * it can never hold {@code /} or {@code ..} on its way to a file name.
     */
    public static String requireSecret(String name) {
        if (name.isEmpty()) {
            throw ProviderException.badRequest("non-empty name is required");
        }
        if (name.contains("/") || name.contains("..")) {
            throw ProviderException.badRequest("directory traversal found in name");
        }
        if (name.length() > MAX_SUBDOMAIN || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
            throw ProviderException.badRequest(
                    "validation failed: secret name: (" + name + ") is invalid, must be a valid DNS entry");
        }
        return name;
    }
}
