package dev.edgeway.gateway.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A route served by a plain Netty handler in front of Reactor Netty and WebFlux, as
 * {@code /function} is ({@link FunctionProxy}): for the gateway's hottest calls, whose requests
 * and answers are then Netty's messages without a framework's per-request work. The connection
 * ({@link FunctionConnection}) asks each route, in order, whether it serves a request head; one
 * that does gets the request's exchange, any other request goes on to WebFlux. A route must serve
 * only requests it answers exactly as the WebFlux route of the same path would.
 */
public interface NettyRoute {

    /** Whether this route answers the request; on the connection's loop, from its head alone. */
    boolean serves(HttpRequest head);

    /** The exchange of a request this route serves; {@link NettyExchange#start} starts it. */
    NettyExchange exchange(ExchangeConnection connection, ChannelHandlerContext ctx, HttpRequest head);
}
