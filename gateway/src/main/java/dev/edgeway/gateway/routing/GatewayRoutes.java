package dev.edgeway.gateway.routing;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import dev.edgeway.gateway.error.OpenFaasErrors;
import dev.edgeway.gateway.system.DeleteFunctionHandler;
import dev.edgeway.gateway.system.DeployFunctionHandler;
import dev.edgeway.gateway.system.FunctionStatusHandler;
import dev.edgeway.gateway.system.HealthHandler;
import dev.edgeway.gateway.system.ListFunctionsHandler;
import dev.edgeway.gateway.system.LogsHandler;
import dev.edgeway.gateway.system.NamespacesHandler;
import dev.edgeway.gateway.system.ScaleFunctionHandler;
import dev.edgeway.gateway.system.SecretsHandler;
import dev.edgeway.gateway.system.SystemInfoHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Every path of the public port, in one table, like the route table of the OpenFaaS gateway's
 * {@code main.go}. A known path with another method answers 405 with an empty body, and an
 * unknown path {@code 404 page not found}, as gorilla/mux does. One path is served before this
 * table, at the Netty level, because it is the hot path: {@code /function/**} by
 * {@code FunctionProxyRoute}. The state API ({@code /system/storage/**}) is routed by the
 * storage module.
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    @Bean
    RouterFunction<ServerResponse> openFaasRoutes(
            ListFunctionsHandler list,
            DeployFunctionHandler deploy,
            DeleteFunctionHandler delete,
            FunctionStatusHandler status,
            ScaleFunctionHandler scale,
            SystemInfoHandler info,
            SecretsHandler secrets,
            NamespacesHandler namespaces,
            LogsHandler logs,
            HealthHandler health) {
        return RouterFunctions.route()
                .GET("/system/functions", list::handle)
                .POST("/system/functions", deploy::deploy)
                .PUT("/system/functions", deploy::update)
                .DELETE("/system/functions", delete::handle)
                .GET("/system/function/{name}", status::handle)
                .POST("/system/scale-function/{name}", scale::handle)
                .GET("/system/info", info::handle)
                .GET("/system/secrets", secrets::list)
                .POST("/system/secrets", secrets::create)
                .PUT("/system/secrets", secrets::update)
                .DELETE("/system/secrets", secrets::delete)
                .GET("/system/namespaces", namespaces::list)
                .route(path("/system/namespace/**"), namespaces::manage)
                .GET("/system/logs", logs::handle)
                .GET("/healthz", health::handle)
                .route(
                        path("/system/functions")
                                .or(path("/system/function/{name}"))
                                .or(path("/system/scale-function/{name}"))
                                .or(path("/system/info"))
                                .or(path("/system/secrets"))
                                .or(path("/system/namespaces"))
                                .or(path("/system/logs"))
                                .or(path("/healthz")),
                        request -> OpenFaasErrors.response(HttpStatus.METHOD_NOT_ALLOWED, ""))
                .build();
    }
}
