package dev.edgeway.gateway.proxy;

import io.netty.channel.ChannelHandlerContext;

/** What a {@link NettyExchange} tells the caller's connection it runs on. */
public interface ExchangeConnection {

    /** The exchange has been answered and its request received whole: the next one may start. */
    void exchangeEnded(NettyExchange ended, ChannelHandlerContext ctx);

    /** Reads if the current exchange's body waits for bytes; on the loop. */
    void readIfWanted(ChannelHandlerContext ctx);

    /** Closes the connection, completing a close held back until now. */
    void closeNow(ChannelHandlerContext ctx);
}
