package dev.edgeway.gateway.storage;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.proxy.NettyRoute;
import dev.edgeway.storage.config.StorageProperties;
import dev.edgeway.storage.variable.VariableService;
import dev.edgeway.storage.web.LargeBodyGate;
import dev.edgeway.storage.web.VariableCalls;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The variable route on the Netty path, with the state API: protected by basic auth when the
 * gateway has it on, as the storage routes' guard is ({@code AuthConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "edgeway.storage.enabled", matchIfMissing = true)
class VariableRouteConfiguration {

    @Bean
    NettyRoute variableRoute(
            VariableService variables,
            LargeBodyGate storageLargeBodyGate,
            StorageProperties storage,
            ObjectProvider<BasicAuthCredentials> credentials) {
        BasicAuthCredentials basicAuth = credentials.getIfAvailable();
        return new VariableRoute(
                new VariableCalls(variables, storageLargeBodyGate, storage.retryAfter()),
                basicAuth == null ? null : basicAuth::matches);
    }
}
