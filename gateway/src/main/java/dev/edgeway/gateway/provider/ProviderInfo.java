package dev.edgeway.gateway.provider;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What a provider says about itself ({@code /system/info} of a faas-provider).
 *
 * @param sandbox an Edgeway field: how the local provider isolates functions ({@code bubblewrap}
 *     or {@code none}); absent for other providers
 */
public record ProviderInfo(
        String provider,
        String orchestration,
        VersionInfo version,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String sandbox) {

    public ProviderInfo(String provider, String orchestration, VersionInfo version) {
        this(provider, orchestration, version, null);
    }
}
