package dev.edgeway.dag.validate;

import dev.edgeway.dag.model.FunctionTarget;
import dev.edgeway.dag.model.HttpTarget;
import dev.edgeway.dag.model.RetryPolicy;
import dev.edgeway.dag.model.Step;
import dev.edgeway.dag.model.StepGraph;
import dev.edgeway.dag.model.StepId;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks of one step on its own: id, target, parents, timeout and retries. Locations are
 * built only for a violation: a valid million-step definition must not cost millions of strings.
 */
final class StepChecks {

    static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    static final int MAX_RETRIES = 100;
    private static final String URL_EXPECTED = "an absolute http or https URL with a host";

    private StepChecks() {}

    static String location(int index, Step step) {
        return "steps[" + index + "] (" + step.id() + ")";
    }

    static void check(StepGraph graph, int index, List<Violation> out) {
        Step step = graph.step(index);
        if (!DnsLabel.isValid(step.id().value())) {
            out.add(new Violation.InvalidName(
                    "steps[" + index + "].id", step.id().value(), DnsLabel.EXPECTED));
        }
        int first = graph.indexOf(step.id());
        if (first != index) {
            out.add(new Violation.DuplicateStep("steps[" + index + "].id", step.id(), "steps[" + first + "]"));
        }
        switch (step.target()) {
            case FunctionTarget function -> checkFunction(index, step, function, out);
            case HttpTarget http -> checkUrl(location(index, step) + ".http", http.url(), out);
        }
        // The graph keeps only known, distinct, other steps: a difference means something to report.
        if (graph.parentCount(index) != step.after().size()) {
            checkParents(graph, location(index, step) + ".after", step, out);
        }
        Duration timeout = step.timeout();
        if (timeout.isNegative() || timeout.isZero()) {
            out.add(new Violation.InvalidTimeout(location(index, step) + ".timeout", timeout, "> 0"));
        } else if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            out.add(new Violation.InvalidTimeout(location(index, step) + ".timeout", timeout, "<= " + MAX_TIMEOUT));
        }
        if (!step.retries().equals(RetryPolicy.NONE)) {
            checkRetries(location(index, step) + ".retries", step.retries(), out);
        }
    }

    private static void checkFunction(int index, Step step, FunctionTarget function, List<Violation> out) {
        if (!DnsLabel.isValid(function.name())) {
            String at = location(index, step) + ".function";
            out.add(new Violation.InvalidName(at, function.name(), DnsLabel.EXPECTED));
        }
        String namespace = function.namespace();
        if (namespace != null && !DnsLabel.isValid(namespace)) {
            String at = location(index, step) + ".function (namespace)";
            out.add(new Violation.InvalidName(at, namespace, DnsLabel.EXPECTED));
        }
    }

    private static void checkUrl(String at, String url, List<Violation> out) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                out.add(new Violation.InvalidUrl(at, url, URL_EXPECTED + ", not scheme '" + scheme + "'"));
            } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
                out.add(new Violation.InvalidUrl(at, url, URL_EXPECTED + "; the host is missing"));
            }
        } catch (URISyntaxException e) {
            out.add(new Violation.InvalidUrl(
                    at, url, URL_EXPECTED + "; " + e.getReason() + " at index " + e.getIndex()));
        }
    }

    private static void checkParents(StepGraph graph, String at, Step step, List<Violation> out) {
        Set<StepId> seen = new HashSet<>();
        for (StepId parent : step.after()) {
            if (parent.equals(step.id())) {
                out.add(new Violation.SelfLoop(at, step.id()));
            } else if (graph.indexOf(parent) < 0) {
                out.add(new Violation.UnknownStep(at, step.id(), parent));
            } else if (!seen.add(parent)) {
                out.add(new Violation.DuplicateParent(at, step.id(), parent));
            }
        }
    }

    private static void checkRetries(String at, RetryPolicy retries, List<Violation> out) {
        if (retries.count() < 0 || retries.count() > MAX_RETRIES) {
            out.add(new Violation.InvalidRetries(
                    at + ".count", String.valueOf(retries.count()), "0 to " + MAX_RETRIES));
        }
        if (retries.backoff().isNegative()) {
            out.add(new Violation.InvalidRetries(
                    at + ".backoff", retries.backoff().toString(), ">= 0"));
        }
        if (!(retries.multiplier() >= 1.0) || Double.isInfinite(retries.multiplier())) {
            out.add(new Violation.InvalidRetries(at + ".multiplier", String.valueOf(retries.multiplier()), ">= 1"));
        }
        if (retries.maxBackoff().compareTo(retries.backoff()) < 0) {
            out.add(new Violation.InvalidRetries(
                    at + ".maxBackoff", retries.maxBackoff().toString(), ">= backoff " + retries.backoff()));
        }
    }
}
