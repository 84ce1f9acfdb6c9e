package dev.edgeway.storage.web;

import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Who may call the state API: a filter the application supplies as a bean (the gateway's basic
 * auth) and the storage routes apply to every one of their routes, so protection follows the
 * route that matched, whatever the spelling of its path. Without such a bean the API is open.
 */
@FunctionalInterface
public interface StorageApiGuard extends HandlerFilterFunction<ServerResponse, ServerResponse> {}
