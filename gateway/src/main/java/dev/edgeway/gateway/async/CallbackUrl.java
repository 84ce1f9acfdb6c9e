package dev.edgeway.gateway.async;

import dev.edgeway.gateway.provider.ProviderException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Reads {@code X-Callback-Url}: an absolute http or https URL with a host, or a 400. */
final class CallbackUrl {

    private CallbackUrl() {}

    static URI parse(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw invalid(value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw invalid(value);
        }
        return uri;
    }

    private static ProviderException invalid(String value) {
        return ProviderException.badRequest(
                "X-Callback-Url: " + value + " (expected: an absolute http or https URL with a host)");
    }
}
