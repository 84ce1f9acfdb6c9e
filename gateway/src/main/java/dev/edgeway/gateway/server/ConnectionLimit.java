package dev.edgeway.gateway.server;

import com.sun.management.UnixOperatingSystemMXBean;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps at most {@code max} client connections open, so idle or slow clients cannot take every
 * file descriptor (with 1024 descriptors, 1100 idle connections stopped every endpoint). At the
 * limit a new connection replaces the oldest idle one (no request in progress: waiting for, or
 * slowly sending, a head) rather than being refused, so held-open connections cannot lock out a
 * caller with a real request; it is closed only when every connection is busy.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    static final String NAME = "edgeway.connectionLimit";
    private static final int AUTO_CEILING = 4096;
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);

    private final int max;
    private final Predicate<Channel> idle;
    private final Set<Channel> open = new LinkedHashSet<>(); // oldest first; guarded by itself

    ConnectionLimit(int max, Predicate<Channel> idle) {
        this.max = max;
        this.idle = idle;
    }

    /** The configured limit, or a quarter of the open-file limit (the rest is for upstreams, forks, files). */
    static int maxConnections(@Nullable Integer configured) {
        if (configured != null) {
            return configured;
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            return (int) Math.clamp(os.getMaxFileDescriptorCount() / 4, 16, AUTO_CEILING);
        }
        return AUTO_CEILING;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel channel = ctx.channel();
        Channel evicted = null;
        synchronized (open) {
            if (open.size() >= max) {
                evicted = oldestIdle();
                if (evicted == null) {
                    log.debug("{} connections open, all busy: closing {}", max, channel.remoteAddress());
                    ctx.close();
                    return;
                }
                open.remove(evicted);
            }
            open.add(channel);
        }
        channel.closeFuture().addListener(future -> forget(channel));
        if (evicted != null) {
            log.debug(
                    "{} connections open: closing idle {} for {}",
                    max,
                    evicted.remoteAddress(),
                    channel.remoteAddress());
            evicted.close();
        }
        super.channelActive(ctx);
    }

    private @Nullable Channel oldestIdle() {
        for (Channel candidate : open) {
            if (idle.test(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private void forget(Channel channel) {
        synchronized (open) {
            open.remove(channel);
        }
    }
}
