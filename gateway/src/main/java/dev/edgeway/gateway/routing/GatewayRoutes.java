package dev.edgeway.gateway.routing;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import dev.edgeway.gateway.async.AsyncInvocationHandler;
import dev.edgeway.gateway.async.AsyncProblems;
import dev.edgeway.gateway.async.CallStatusHandler;
import dev.edgeway.gateway.async.ListDeadLettersHandler;
import dev.edgeway.gateway.async.ReplayDeadLettersHandler;
import dev.edgeway.gateway.auth.BasicAuthFilter;
import dev.edgeway.gateway.error.OpenFaasErrors;
import dev.edgeway.gateway.kafka.KafkaProblems;
import dev.edgeway.gateway.kafka.KafkaStatusHandler;
import dev.edgeway.gateway.kafka.ReplayKafkaDeadLettersHandler;
import dev.edgeway.gateway.pipeline.api.DeletePipelineHandler;
import dev.edgeway.gateway.pipeline.api.ListPipelinesHandler;
import dev.edgeway.gateway.pipeline.api.PipelineErrorHandler;
import dev.edgeway.gateway.pipeline.api.PutPipelineHandler;
import dev.edgeway.gateway.pipeline.api.ResumeRunHandler;
import dev.edgeway.gateway.pipeline.api.RunPipelineHandler;
import dev.edgeway.gateway.pipeline.api.RunStatusHandler;
import dev.edgeway.gateway.pipeline.api.ShowPipelineHandler;
import dev.edgeway.gateway.schedule.ListSchedulesHandler;
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
import dev.edgeway.storage.web.FrameworkProblems;
import java.util.Set;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Every path of the public port, in one table, like the route table of the OpenFaaS gateway's
 * {@code main.go}. A known path with another method answers 405 with an empty body, and an
 * unknown path {@code 404 page not found}, as gorilla/mux does. One path is served before this
 * table, at the Netty level, because it is the hot path: {@code /function/**} by
 * {@code FunctionProxy}. The state API's routes ({@code /system/storage/**}) come with the
 * storage module.
 *
 * <p>Errors are scoped by route group too (docs/errors.md): the groups of Edgeway's own APIs
 * ({@code /system/pipelines/**}, {@code /pipeline/**}, {@code /system/async/**}, {@code /system/kafka/**}) each end in a
 * catch-all 404 and carry an error filter that answers every failure as problem JSON, so a path
 * belongs to exactly one group and is answered in its dialect. Each such catch-all carries the
 * attribute {@link FrameworkProblems#CATCH_ALL}, which is how {@link CanonicalPathFilter} learns
 * the own APIs' prefixes. Failures on the OpenFaaS groups, and on paths no group claims, reach
 * {@code OpenFaasErrorHandler}: plain text.
 *
 * <p>Protection is by route, not by path prefix: each table's protected routes are one group
 * with basic auth applied as its filter ({@link BasicAuthFilter}), so every request those routes
 * match is checked, however its path is spelled. Open by decision, as in OpenFaaS:
 * {@code /healthz}, {@code /pipeline/{name}}, {@code /async-function/*} and (at the Netty level)
 * {@code /function/*}.
 * Spellings that could route elsewhere than they read are answered 400 first
 * ({@link CanonicalPathFilter}).
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    @Bean
    CanonicalPathFilter canonicalPathFilter(ServerCodecConfigurer codecs, ObjectProvider<RouterFunction<?>> tables) {
        return new CanonicalPathFilter(codecs.getWriters(), tables);
    }

    @Bean
    RouterFunction<ServerResponse> openFaasRoutes(
            ObjectProvider<BasicAuthFilter> auth,
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
        RouterFunction<ServerResponse> system = RouterFunctions.route()
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
                .route(
                        path("/system/functions")
                                .or(path("/system/function/{name}"))
                                .or(path("/system/scale-function/{name}"))
                                .or(path("/system/info"))
                                .or(path("/system/secrets"))
                                .or(path("/system/namespaces"))
                                .or(path("/system/logs")),
                        request -> OpenFaasErrors.response(HttpStatus.METHOD_NOT_ALLOWED, ""))
                .build();
        RouterFunction<ServerResponse> open = RouterFunctions.route()
                .GET("/healthz", health::handle)
                .route(path("/healthz"), request -> OpenFaasErrors.response(HttpStatus.METHOD_NOT_ALLOWED, ""))
                .build();
        return protect(system, auth, BasicAuthFilter::plainText).and(open);
    }

    /** Pipelines, on with the state store they keep their definitions and runs in. */
    @Bean
    @ConditionalOnBooleanProperty(name = "edgeway.storage.enabled", matchIfMissing = true)
    RouterFunction<ServerResponse> pipelineRoutes(
            ObjectProvider<BasicAuthFilter> auth,
            ListPipelinesHandler list,
            PutPipelineHandler put,
            ShowPipelineHandler show,
            DeletePipelineHandler delete,
            RunStatusHandler runStatus,
            ResumeRunHandler resume,
            RunPipelineHandler run,
            PipelineErrorHandler errors) {
        RouterFunction<ServerResponse> definitions = RouterFunctions.route()
                .GET("/system/pipelines", list::handle)
                .PUT("/system/pipelines/{name}", put::handle)
                .GET("/system/pipelines/{name}", show::handle)
                .DELETE("/system/pipelines/{name}", delete::handle)
                .GET("/system/pipelines/{name}/runs/{runId}", runStatus::handle)
                .POST("/system/pipelines/{name}/runs/{runId}/resume", resume::handle)
                .route(path("/system/pipelines"), only(HttpMethod.GET))
                .route(path("/system/pipelines/{name}"), only(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE))
                .route(path("/system/pipelines/{name}/runs/{runId}"), only(HttpMethod.GET))
                .route(path("/system/pipelines/{name}/runs/{runId}/resume"), only(HttpMethod.POST))
                .route(path("/system/pipelines/**"), notFound())
                .withAttribute(FrameworkProblems.CATCH_ALL, true)
                .filter(errors)
                .build();
        RouterFunction<ServerResponse> runs = RouterFunctions.route()
                .POST("/pipeline/{name}", run::handle)
                .route(path("/pipeline/{name}"), only(HttpMethod.POST))
                .route(path("/pipeline/**"), notFound())
                .withAttribute(FrameworkProblems.CATCH_ALL, true)
                .filter(errors)
                .build();
        return protect(definitions, auth, BasicAuthFilter::problemJson).and(runs);
    }

    /** The cron trigger's schedules, on with the state store where gateways claim their ticks. */
    @Bean
    @ConditionalOnBooleanProperty(
            name = {"edgeway.storage.enabled", "edgeway.schedules.enabled"},
            matchIfMissing = true)
    RouterFunction<ServerResponse> scheduleRoutes(ObjectProvider<BasicAuthFilter> auth, ListSchedulesHandler list) {
        RouterFunction<ServerResponse> schedules = RouterFunctions.route()
                .GET("/system/schedules", list::handle)
                .route(path("/system/schedules"), request -> OpenFaasErrors.response(HttpStatus.METHOD_NOT_ALLOWED, ""))
                .build();
        return protect(schedules, auth, BasicAuthFilter::plainText);
    }

    /**
     * Asynchronous invocation, on with the state store whose NATS holds the queue. Open like
     * {@code /function}, as in OpenFaaS: a caller who may invoke a function may queue a call of it.
     * It is a WebFlux route, not a Netty one: a call is stored before it is answered, so the
     * router's cost does not matter, and its errors come from the same plain-text handler.
     */
    @Bean
    @ConditionalOnBooleanProperty(name = "edgeway.storage.enabled", matchIfMissing = true)
    @ConditionalOnBooleanProperty(name = "edgeway.async.enabled", matchIfMissing = true)
    RouterFunction<ServerResponse> asyncRoutes(
            ObjectProvider<BasicAuthFilter> auth,
            AsyncInvocationHandler accept,
            ListDeadLettersHandler deadLetters,
            ReplayDeadLettersHandler replay,
            CallStatusHandler status,
            AsyncProblems problems) {
        RouterFunction<ServerResponse> system = RouterFunctions.route()
                .GET("/system/async/dead-letters", deadLetters::handle)
                .POST("/system/async/dead-letters/replay", replay::handle)
                .GET("/system/async/calls/{callId}", status::handle)
                .route(path("/system/async/dead-letters"), only(HttpMethod.GET))
                .route(path("/system/async/dead-letters/replay"), only(HttpMethod.POST))
                .route(path("/system/async/calls/{callId}"), only(HttpMethod.GET))
                .route(path("/system/async/**"), notFound())
                .withAttribute(FrameworkProblems.CATCH_ALL, true)
                .filter(problems)
                .build();
        RouterFunction<ServerResponse> open = RouterFunctions.route()
                .POST("/async-function/{name}", accept::handle)
                .POST("/async-function/{name}/**", accept::handle)
                .route(
                        path("/async-function/{name}").or(path("/async-function/{name}/**")),
                        request -> OpenFaasErrors.response(HttpStatus.METHOD_NOT_ALLOWED, ""))
                .build();
        return protect(system, auth, BasicAuthFilter::problemJson).and(open);
    }

    /**
     * The Kafka trigger's operations, in every gateway: with the trigger off they answer 404, so
     * the route table (and its protection) does not depend on the configuration.
     */
    @Bean
    RouterFunction<ServerResponse> kafkaRoutes(
            ObjectProvider<BasicAuthFilter> auth,
            KafkaStatusHandler status,
            ReplayKafkaDeadLettersHandler replay,
            KafkaProblems problems) {
        RouterFunction<ServerResponse> system = RouterFunctions.route()
                .GET("/system/kafka", status::handle)
                .POST("/system/kafka/dead-letters/replay", replay::handle)
                .route(path("/system/kafka"), only(HttpMethod.GET))
                .route(path("/system/kafka/dead-letters/replay"), only(HttpMethod.POST))
                .route(path("/system/kafka/**"), notFound())
                .filter(problems)
                .build();
        return protect(system, auth, BasicAuthFilter::problemJson);
    }

    /**
     * A group of routes behind basic auth, or as it is when basic auth is switched off
     * ({@code basic_auth=false}).
     */
    private static RouterFunction<ServerResponse> protect(
            RouterFunction<ServerResponse> routes,
            ObjectProvider<BasicAuthFilter> auth,
            Function<BasicAuthFilter, HandlerFilterFunction<ServerResponse, ServerResponse>> dialect) {
        BasicAuthFilter filter = auth.getIfAvailable();
        return filter == null ? routes : routes.filter(dialect.apply(filter));
    }

    /** A 405 for a known path of an own API, rendered as problem JSON by its group's error filter. */
    private static HandlerFunction<ServerResponse> only(HttpMethod... allowed) {
        return request -> Mono.error(new MethodNotAllowedException(request.method(), Set.of(allowed)));
    }

    /**
     * A 404 for any other path under an own API's prefix, rendered by its group's error filter:
     * the path belongs to that group, so it is answered in the group's dialect.
     */
    private static HandlerFunction<ServerResponse> notFound() {
        return request -> Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
