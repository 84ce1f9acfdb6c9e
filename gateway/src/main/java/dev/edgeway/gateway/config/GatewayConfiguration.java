package dev.edgeway.gateway.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds the gateway's properties and exposes the running build's version. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
class GatewayConfiguration {

    @Bean
    GatewayVersion gatewayVersion(ObjectProvider<BuildProperties> build, ObjectProvider<GitProperties> git) {
        return GatewayVersion.of(build.getIfAvailable(), git.getIfAvailable());
    }
}
