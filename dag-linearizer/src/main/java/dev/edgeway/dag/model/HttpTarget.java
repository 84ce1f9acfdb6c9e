package dev.edgeway.dag.model;

import java.util.Objects;

/**
 * An HTTP endpoint called with a POST of the step's input. The URL is kept as written; the
 * validator checks that it is an absolute http or https URL with a host.
 */
public record HttpTarget(String url) implements StepTarget {

    public HttpTarget {
        Objects.requireNonNull(url, "url");
    }

    @Override
    public String describe() {
        return "http: " + url;
    }
}
