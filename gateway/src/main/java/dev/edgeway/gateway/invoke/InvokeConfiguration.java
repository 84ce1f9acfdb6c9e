package dev.edgeway.gateway.invoke;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.metrics.FunctionMetrics;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.scaling.ReplicaCache;
import dev.edgeway.gateway.scaling.ScaleFromZero;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the invocation path: the pooled upstream client, scale from zero and the invoker. */
@Configuration(proxyBeanMethods = false)
class InvokeConfiguration {

    /** How long a "has a ready replica" answer is trusted, as in the OpenFaaS gateway. */
    private static final Duration READY_CACHE_EXPIRY = Duration.ofMillis(250);

    @Bean(destroyMethod = "close")
    HttpUpstreams httpUpstreams(GatewayProperties properties) {
        return new HttpUpstreams(properties.maxIdleConns(), properties.upstreamTimeout());
    }

    @Bean
    ReplicaCache replicaCache() {
        return new ReplicaCache(READY_CACHE_EXPIRY);
    }

    @Bean
    ScaleFromZero scaleFromZero(
            FunctionProvider provider, ReplicaCache cache, FunctionMetrics metrics, GatewayProperties properties) {
        GatewayProperties.Scaling scaling = properties.scaling();
        return new ScaleFromZero(
                provider, cache, metrics, scaling.scaleFromZero(), scaling.readyTimeout(), scaling.pollInterval());
    }

    @Bean
    FunctionInvoker functionInvoker(FunctionProvider provider, ScaleFromZero scaleFromZero, FunctionMetrics metrics) {
        return new FunctionInvoker(provider, scaleFromZero, metrics);
    }
}
