package dev.edgeway.gateway.provider;

/** What a provider says about itself ({@code /system/info} of a faas-provider). */
public record ProviderInfo(String provider, String orchestration, VersionInfo version) {}
