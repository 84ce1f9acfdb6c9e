package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.VersionInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the local provider, Edgeway's default ({@code edgeway.gateway.provider=local}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "edgeway.gateway.provider", havingValue = "local", matchIfMissing = true)
@EnableConfigurationProperties(SandboxProperties.class)
public class LocalProviderConfiguration {

    private static final Path BWRAP = Path.of("/usr/bin/bwrap");

    @Bean
    LocalProvider localProvider(
            GatewayProperties properties,
            SandboxProperties sandbox,
            Environment environment,
            HttpUpstreams upstreams,
            ObjectProvider<MeterRegistry> registry,
            ObjectProvider<BuildProperties> build,
            ObjectProvider<GitProperties> git) {
        return new LocalProvider(
                properties,
                upstreams,
                version(build.getIfAvailable(), git.getIfAvailable()),
                Sandbox.start(sandbox.sandbox(), BWRAP, hidden(properties, environment)),
                Cgroups.start(sandbox.cgroups(), properties.dataDir(), sandbox.maxPids()),
                registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * What no function may see: the data directory (credentials, deployments, secrets, logs and,
     * by default, the NATS store), the NATS store where it is elsewhere, and the directory basic
     * auth reads its credentials from.
     */
    private static List<Path> hidden(GatewayProperties properties, Environment environment) {
        List<Path> hidden = new ArrayList<>(List.of(properties.dataDir()));
        // The state store's data directory is the gateway's unless it is set apart.
        String natsStore = environment.getProperty("edgeway.storage.data-dir");
        if (natsStore != null && !natsStore.isBlank() && !Path.of(natsStore).equals(properties.dataDir())) {
            hidden.add(Path.of(natsStore));
        }
        if (properties.auth().secretMountPath() != null) {
            hidden.add(properties.auth().secretMountPath());
        }
        return hidden;
    }

    private static VersionInfo version(@Nullable BuildProperties build, @Nullable GitProperties git) {
        String release = build == null || build.getVersion() == null ? "dev" : build.getVersion();
        String sha = git == null || git.getShortCommitId() == null ? "unknown" : git.getShortCommitId();
        return new VersionInfo(null, sha, release);
    }
}
