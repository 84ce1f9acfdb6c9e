package dev.edgeway.gateway.provider.faas;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the {@code faas} provider when {@code edgeway.gateway.provider=faas} (or
 * {@code functions_provider_url} is set). With {@code basic_auth=true} the gateway's credentials
 * come from the secret mount, as in OpenFaaS; a missing provider URL or credential file stops
 * startup.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "edgeway.gateway.provider", havingValue = "faas")
@EnableConfigurationProperties(GatewayProperties.class)
public class FaasProviderConfiguration {

    @Bean
    FaasProvider faasProvider(GatewayProperties properties, HttpUpstreams upstreams, JsonMapper json) {
        String authorization = ProviderCredentials.from(properties.auth())
                .map(ProviderCredentials::authorization)
                .orElse(null);
        return new FaasProvider(properties, authorization, upstreams, json);
    }
}
