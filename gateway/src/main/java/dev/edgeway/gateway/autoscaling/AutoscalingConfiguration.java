package dev.edgeway.gateway.autoscaling;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.metrics.FunctionMetrics;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.scaling.ReplicaCache;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the autoscaler; it runs for every provider unless switched off. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AutoscalingProperties.class)
class AutoscalingConfiguration {

    @Bean
    Autoscaler autoscaler(
            FunctionProvider provider,
            FunctionMetrics metrics,
            ReplicaCache cache,
            MeterRegistry registry,
            AutoscalingProperties properties,
            GatewayProperties gateway) {
        return new Autoscaler(
                provider,
                metrics,
                cache,
                registry,
                properties,
                gateway.scaling().defaultMaxReplicas(),
                Clock.systemUTC());
    }
}
