package dev.edgeway.gateway.invoke;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * The last handler of a pooled upstream connection: hands what arrives to the call using the
 * connection, and closes a connection that has sat in its pool for the idle time or that sends
 * something while no call is waiting (it can no longer be trusted to frame the next response).
 */
final class UpstreamChannel extends ChannelInboundHandlerAdapter {

    private @Nullable UpstreamCall call;

    static UpstreamChannel of(Channel channel) {
        return channel.pipeline().get(UpstreamChannel.class);
    }

    void begin(UpstreamCall call) {
        this.call = call;
    }

    void end() {
        this.call = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (call != null) {
            call.received(msg);
        } else {
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (call != null) {
            call.readComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (call != null && ctx.channel().isWritable()) {
            call.writable();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (call != null) {
            call.closed(null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (call != null) {
            call.closed(cause);
        }
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && call == null) {
            ctx.close();
        }
    }
}
