package dev.edgeway.gateway.pipeline.definition;

import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.model.HttpTarget;
import dev.edgeway.dag.model.Step;
import dev.edgeway.dag.validate.Violation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The hosts {@code http} steps may call ({@code edgeway.pipelines.http-allowed-hosts}): an entry
 * {@code host} allows the host on any port, {@code host:port} on that port only; hosts compare
 * without case. The check is on the URL as written, at {@code PUT} time (a violation) and again
 * before every call (the list may have changed since). It does not resolve names: allow names
 * whose DNS you trust.
 */
public final class HttpHostAllowList {

    public static final String PROPERTY = "edgeway.pipelines.http-allowed-hosts";

    private final List<String> entries;

    public HttpHostAllowList(List<String> hosts) {
        this.entries = hosts.stream()
                .map(String::trim)
                .filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT))
                .toList();
    }

    public boolean allows(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme());
        return entries.contains(lower) || entries.contains(lower + ":" + port);
    }

    /** Why a URL is refused, or empty when it is allowed. */
    public Optional<String> refusal(String url) {
        try {
            URI uri = new URI(url);
            if (allows(uri)) {
                return Optional.empty();
            }
            return Optional.of(
                    "host " + uri.getHost() + " is not allowed (expected: a host in " + PROPERTY + " " + entries + ")");
        } catch (URISyntaxException e) {
            return Optional.of("not a URL: " + e.getMessage());
        }
    }

    /** A violation for every {@code http} step whose host is not allowed. */
    public List<Violation> check(Dag dag) {
        List<Violation> out = new ArrayList<>();
        for (int i = 0; i < dag.steps().size(); i++) {
            Step step = dag.steps().get(i);
            if (step.target() instanceof HttpTarget http) {
                try {
                    URI uri = new URI(http.url());
                    if (uri.getHost() != null && !allows(uri)) {
                        out.add(new Violation.InvalidUrl(
                                "steps[" + i + "] (" + step.id() + ").http",
                                http.url(),
                                "a host in " + PROPERTY + " " + entries));
                    }
                } catch (URISyntaxException e) {
                    // The validator reports a malformed URL already.
                }
            }
        }
        return out;
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
