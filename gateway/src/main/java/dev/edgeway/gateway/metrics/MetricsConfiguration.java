package dev.edgeway.gateway.metrics;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.provider.FunctionProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the OpenFaaS metrics. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    FunctionMetrics functionMetrics(MeterRegistry registry) {
        return new FunctionMetrics(registry);
    }

    @Bean
    ServiceCountGauge serviceCountGauge(
            FunctionProvider provider, MeterRegistry registry, GatewayProperties properties) {
        return new ServiceCountGauge(provider, registry, properties.scaling().serviceCountInterval());
    }
}
