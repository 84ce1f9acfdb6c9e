package dev.edgeway.gateway.provider;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What a provider says about itself ({@code /system/info} of a faas-provider).
 *
 * @param sandbox an Edgeway field: how the local provider isolates functions ({@code bubblewrap}
 *     or {@code none}); absent for other providers
 * @param limits an Edgeway field: how the local provider enforces {@code limits}
 *     ({@code cgroup-v1}, {@code cgroup-v2} or {@code rlimit}); absent for other providers
 */
public record ProviderInfo(
        String provider,
        String orchestration,
        VersionInfo version,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String sandbox,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String limits) {

    public ProviderInfo(String provider, String orchestration, VersionInfo version) {
        this(provider, orchestration, version, null, null);
    }
}
