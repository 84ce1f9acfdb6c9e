package dev.edgeway.gateway.provider.kubernetes;

import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The native kubernetes provider ({@code edgeway.gateway.kubernetes.*}).
 *
 * @param masterUrl the API server; when unset, fabric8's own discovery: the pod's service account
 *     in a cluster, else {@code KUBECONFIG} or {@code ~/.kube/config}
 * @param namespaces further namespaces functions may be deployed to, besides
 *     {@code edgeway.gateway.function-namespace}; the gateway needs the chart's Role in each
 * @param imagePullPolicy the functions' image pull policy; faas-netes' default is {@code Always}
 * @param syncTimeout how long startup waits for the informer caches to fill before it goes on
 *     (the provider reports itself unhealthy until they have)
 * @param taskThreads the threads of the Kubernetes client's own pool, where watch events are
 *     decoded into the informer caches and watches reconnect ({@code KubernetesTaskExecutor})
 */
@ConfigurationProperties("edgeway.gateway.kubernetes")
@Validated
public record KubernetesProperties(
        @Nullable URI masterUrl,
        @DefaultValue List<String> namespaces,
        @DefaultValue("Always") String imagePullPolicy,
        @DefaultValue("30s") Duration syncTimeout,
        @DefaultValue("4") @Min(1) int taskThreads) {}
