package dev.edgeway.dag.validate;

/**
 * DNS-1123 labels (RFC 1123 as Kubernetes applies it), the shape of pipeline names, step ids,
 * function names and namespaces, so each can be a state-store key, a URL path segment and an
 * OpenFaaS name as it is.
 */
public final class DnsLabel {

    /** The expectation, as violation messages print it. */
    public static final String EXPECTED = "a DNS-1123 label: at most 63 lower-case letters, digits"
            + " and '-', starting and ending with a letter or digit";

    private static final int MAX_LENGTH = 63;

    private DnsLabel() {}

    /** Whether {@code name} matches {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?} in at most 63 characters. */
    public static boolean isValid(String name) {
        // A loop rather than a regex: the validator checks millions of names in large definitions.
        int length = name.length();
        if (length == 0 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (c != '-' || i == 0 || i == length - 1)) {
                return false;
            }
        }
        return true;
    }
}
