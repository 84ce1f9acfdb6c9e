package dev.edgeway.gateway.config;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;

/**
 * The running build: release and git sha, read from {@code META-INF/build-info.properties} and
 * {@code git.properties} written by the build. A build without them (an IDE run) says {@code dev}.
 */
public record GatewayVersion(String release, String sha, String commitMessage) {

    public static GatewayVersion of(@Nullable BuildProperties build, @Nullable GitProperties git) {
        String release = build == null ? "dev" : build.getVersion();
        String sha = git == null || git.getCommitId() == null ? "unknown" : git.getCommitId();
        String message = git == null || git.get("commit.message.short") == null
                ? "See GitHub for latest changes"
                : git.get("commit.message.short");
        return new GatewayVersion(release == null ? "dev" : release, sha, message);
    }

    /** The {@code User-Agent} of calls the gateway makes for callers that sent none. */
    public String userAgent() {
        return "edgeway-gateway/" + release;
    }

    /** The {@code X-Served-By} value. */
    public String servedBy() {
        return "edgeway/" + release;
    }
}
