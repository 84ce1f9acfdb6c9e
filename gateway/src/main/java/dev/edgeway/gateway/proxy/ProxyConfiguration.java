package dev.edgeway.gateway.proxy;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.config.GatewayVersion;
import dev.edgeway.gateway.error.OpenFaasErrorHandler;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.provider.FunctionProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the {@code /function} proxy and the OpenFaaS error answers. */
@Configuration(proxyBeanMethods = false)
class ProxyConfiguration {

    @Bean
    FunctionProxy functionProxy(
            FunctionInvoker invoker,
            FunctionProvider provider,
            GatewayVersion version,
            GatewayProperties properties,
            ObjectProvider<NettyRoute> routes) {
        return new FunctionProxy(
                invoker,
                provider.defaultNamespace(),
                version,
                properties.idleTimeout(),
                routes.orderedStream().toList());
    }

    @Bean
    OpenFaasErrorHandler openFaasErrorHandler() {
        return new OpenFaasErrorHandler();
    }
}
