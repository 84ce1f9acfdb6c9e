package dev.edgeway.dag.validate;

import java.util.regex.Pattern;

/**
 * DNS-1123 labels (RFC 1123 as Kubernetes applies it), the shape of pipeline names, step ids,
 * function names and namespaces, so each can be a state-store key, a URL path segment and an
 * OpenFaaS name as it is.
 */
public final class DnsLabel {

    /** The expectation, as violation messages print it. */
    public static final String EXPECTED = "a DNS-1123 label: at most 63 lower-case letters, digits"
            + " and '-', starting and ending with a letter or digit";

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_LENGTH = 63;

    private DnsLabel() {}

    public static boolean isValid(String name) {
        return name.length() <= MAX_LENGTH && LABEL.matcher(name).matches();
    }
}
