package dev.edgeway.gateway.proxy;

import dev.edgeway.gateway.config.GatewayVersion;
import dev.edgeway.gateway.error.OpenFaasErrorHandler;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.provider.FunctionProvider;
import io.netty.buffer.ByteBufAllocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/** Wires the {@code /function} proxy and the OpenFaaS error answers. */
@Configuration(proxyBeanMethods = false)
class ProxyConfiguration {

    @Bean
    FunctionProxyRoute functionProxyRoute(FunctionInvoker invoker, FunctionProvider provider, GatewayVersion version) {
        return new FunctionProxyRoute(
                invoker, provider.defaultNamespace(), version, new NettyDataBufferFactory(ByteBufAllocator.DEFAULT));
    }

    @Bean
    OpenFaasErrorHandler openFaasErrorHandler() {
        return new OpenFaasErrorHandler();
    }
}
