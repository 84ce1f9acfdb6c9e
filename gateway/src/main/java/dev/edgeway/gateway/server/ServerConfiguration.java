package dev.edgeway.gateway.server;

import dev.edgeway.gateway.config.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Applies the connection settings of {@link GatewayProperties} to the public server. */
@Configuration(proxyBeanMethods = false)
class ServerConfiguration {

    @Bean
    PublicServer publicServer(GatewayProperties properties) {
        return new PublicServer(
                properties.readHeaderTimeout(),
                properties.readTimeout(),
                properties.writeTimeout(),
                properties.idleTimeout(),
                ConnectionLimit.maxConnections(properties.maxConnections()));
    }
}
