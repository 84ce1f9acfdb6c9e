package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.VersionInfo;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the local provider, Edgeway's default ({@code edgeway.gateway.provider=local}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "edgeway.gateway.provider", havingValue = "local", matchIfMissing = true)
public class LocalProviderConfiguration {

    @Bean
    LocalProvider localProvider(
            GatewayProperties properties,
            HttpUpstreams upstreams,
            ObjectProvider<BuildProperties> build,
            ObjectProvider<GitProperties> git) {
        return new LocalProvider(properties, upstreams, version(build.getIfAvailable(), git.getIfAvailable()));
    }

    private static VersionInfo version(@Nullable BuildProperties build, @Nullable GitProperties git) {
        String release = build == null || build.getVersion() == null ? "dev" : build.getVersion();
        String sha = git == null || git.getShortCommitId() == null ? "unknown" : git.getShortCommitId();
        return new VersionInfo(null, sha, release);
    }
}
