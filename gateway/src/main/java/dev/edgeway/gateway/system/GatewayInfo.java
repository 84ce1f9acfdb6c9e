package dev.edgeway.gateway.system;

import dev.edgeway.gateway.provider.ProviderInfo;
import dev.edgeway.gateway.provider.VersionInfo;
import org.jspecify.annotations.Nullable;

/** The body of {@code GET /system/info}: the provider's info, the gateway's version and Go-style arch. */
public record GatewayInfo(@Nullable ProviderInfo provider, VersionInfo version, String arch) {

    /** Go's {@code GOARCH} names for the JVM's {@code os.arch}: clients compare against these. */
    static String goArch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "arm" -> "arm";
            case "x86", "i386", "i686" -> "386";
            default -> osArch;
        };
    }
}
