package dev.edgeway.gateway.provider.kubernetes;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.config.GatewayVersion;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.VersionInfo;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the native {@code kubernetes} provider when {@code edgeway.gateway.provider=kubernetes}:
 * a fabric8 client (in-cluster service account, kubeconfig, or the configured master URL), the
 * informers over the function namespaces, and the provider.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "edgeway.gateway.provider", havingValue = "kubernetes")
@EnableConfigurationProperties(KubernetesProperties.class)
public class KubernetesProviderConfiguration {

    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient(KubernetesProperties kubernetes) {
        Config config = Config.autoConfigure(null);
        if (kubernetes.masterUrl() != null) {
            config = new ConfigBuilder(config)
                    .withMasterUrl(kubernetes.masterUrl().toString())
                    .build();
        }
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withTaskExecutorSupplier(new KubernetesTaskExecutor(kubernetes.taskThreads()))
                .build();
    }

    @Bean
    FunctionInformers functionInformers(
            KubernetesClient client, GatewayProperties properties, KubernetesProperties kubernetes) {
        return new FunctionInformers(client, namespaces(properties, kubernetes), kubernetes.syncTimeout());
    }

    @Bean
    KubernetesProvider kubernetesProvider(
            KubernetesClient client,
            FunctionInformers informers,
            GatewayProperties properties,
            KubernetesProperties kubernetes,
            HttpUpstreams upstreams,
            GatewayVersion version) {
        return new KubernetesProvider(
                client,
                informers,
                new FunctionManifests(kubernetes.imagePullPolicy()),
                upstreams,
                namespaces(properties, kubernetes),
                new VersionInfo(null, version.sha(), version.release()));
    }

    /** The function namespace first (the default), then the further ones, each a valid DNS label. */
    private static List<String> namespaces(GatewayProperties properties, KubernetesProperties kubernetes) {
        Set<String> namespaces = new LinkedHashSet<>();
        namespaces.add(FunctionNames.requireNamespace(properties.functionNamespace()));
        kubernetes.namespaces().forEach(ns -> namespaces.add(FunctionNames.requireNamespace(ns)));
        return List.copyOf(namespaces);
    }
}
