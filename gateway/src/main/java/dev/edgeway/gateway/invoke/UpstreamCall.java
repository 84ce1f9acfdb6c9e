package dev.edgeway.gateway.invoke;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.MonoSink;

/**
 * One invocation on one pooled connection, run on the connection's event loop from the pool's
 * acquire to its release: the request is written ({@link UpstreamRequest}), the response head
 * completes the call's {@code Mono}, and the body is read at its reader's pace
 * ({@link InboundBody}). The connection goes back to its pool as soon as the last byte
 * of the response has arrived and the request has been written whole; any other end closes it.
 *
 * <p>The timeout is the longest wait for the upstream between two reads, counted only while the
 * call waits for it: from the end of the request on, and not while the reader has not asked for
 * more (a caller slow to send or to take a body is not the function's fault). A connection
 * taken from the pool that turns out closed before any answer is replaced once for a call
 * without a body, which can be sent again; a body cannot be read twice.
 */
final class UpstreamCall implements InboundBody.Source {

    private static final AttributeKey<Boolean> USED = AttributeKey.valueOf("edgeway.upstream.used");

    private final FixedChannelPool pool;
    private final EventLoop loop;
    private final DirectAddress address;
    private final Invocation invocation;
    private final String target;
    private final long timeoutNanos;
    private final MonoSink<InvocationResult> head;
    private @Nullable Channel channel;
    private @Nullable UpstreamRequest request;
    private @Nullable InboundBody body;
    private io.netty.util.concurrent.@Nullable ScheduledFuture<?> timer;
    private long lastProgress;
    private boolean reused;
    private boolean retried;
    private boolean requestWritten;
    private boolean keepAlive;
    private boolean informational;
    private boolean done;

    UpstreamCall(
            FixedChannelPool pool,
            EventLoop loop,
            DirectAddress address,
            Invocation invocation,
            String target,
            Duration timeout,
            MonoSink<InvocationResult> head) {
        this.pool = pool;
        this.loop = loop;
        this.address = address;
        this.invocation = invocation;
        this.target = target;
        this.timeoutNanos = timeout.toNanos();
        this.head = head;
    }

    /** Takes a connection and sends the request; on the loop. */
    void start() {
        head.onCancel(() -> onLoop(() -> fail(null)));
        if (!done) {
            acquire();
        }
    }

    private void acquire() {
        pool.acquire().addListener((Future<Channel> acquired) -> {
            if (!acquired.isSuccess()) {
                fail(unreachable(acquired.cause().toString(), acquired.cause()));
            } else if (done) {
                pool.release(acquired.getNow());
            } else {
                send(acquired.getNow());
            }
        });
    }

    private void send(Channel connection) {
        channel = connection;
        reused = Boolean.TRUE.equals(connection.attr(USED).getAndSet(Boolean.TRUE));
        UpstreamChannel.of(connection).begin(this);
        progress();
        if (timer == null) {
            timer = loop.schedule(this::checkTimeout, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        request = new UpstreamRequest(this, connection, invocation, target, address.host());
        request.start();
        connection.read();
    }

    void received(Object message) {
        progress();
        if (message instanceof HttpObject object && object.decoderResult().isFailure()) {
            ReferenceCountUtil.release(message);
            Throwable cause = object.decoderResult().cause();
            fail(unreachable("a malformed response: " + cause, cause));
            return;
        }
        if (message instanceof HttpResponse response) {
            int status = response.status().code();
            // 100 Continue and other interim answers precede the real one and are passed over.
            informational = status >= 100 && status < 200 && status != 101;
            if (!informational && body == null) {
                keepAlive = HttpUtil.isKeepAlive(response);
                body = new InboundBody(this);
                // Backed by the decoded headers, which the proxy copies to its answer as they are.
                head.success(new InvocationResult(status, NettyBackedHeaders.of(response.headers()), body.flux()));
            }
        }
        if (message instanceof HttpContent content) {
            if (informational || body == null || done) {
                informational &= !(content instanceof LastHttpContent);
                content.release();
            } else {
                body.offer(content);
                if (content instanceof LastHttpContent) {
                    responseEnded();
                }
            }
        } else if (!(message instanceof HttpResponse)) {
            ReferenceCountUtil.release(message);
        }
    }

    void readComplete() {
        if (!done && channel != null && (body == null || body.wantsData())) {
            channel.read();
        }
    }

    @Override
    public void demand() {
        progress();
        readComplete();
    }

    void writable() {
        if (request != null) {
            request.writable();
        }
    }

    /** The request has been written whole, by {@code from}; on the loop. */
    void requestWritten(UpstreamRequest from) {
        if (from == request) {
            requestWritten = true;
            progress();
        }
    }

    /**
     * Writing the request failed, or its body did; on the loop. A write to a kept-alive connection
     * the upstream has closed fails before the close is seen: that is the close, retried as one.
     * A request of a connection already given up on reports nothing any more.
     */
    void requestFailed(UpstreamRequest from, Throwable cause) {
        if (from != request) {
            return;
        }
        if (!invocation.hasBody()) {
            closed(cause);
        } else {
            fail(unreachable("the request could not be sent: " + cause, cause));
        }
    }

    /** The connection closed or failed; {@code cause} is null for a plain close. */
    void closed(@Nullable Throwable cause) {
        if (done) {
            return;
        }
        if (body == null && reused && !retried && !invocation.hasBody()) {
            // A kept-alive connection the upstream closed while it sat in the pool: try a fresh one.
            retried = true;
            requestWritten = false;
            request = null;
            detach(true);
            acquire();
            return;
        }
        String what = body == null ? "closed before the response" : "closed before the end of the response";
        fail(unreachable(cause == null ? what : what + ": " + cause, cause));
    }

    private void responseEnded() {
        done = true;
        cancelTimer();
        if (!requestWritten && request != null) {
            // The function answered before it read the whole request: the connection cannot be reused.
            request.cancel();
        }
        detach(!requestWritten || !keepAlive);
    }

    @Override
    public void bodyCancelled() {
        fail(null);
    }

    /** Ends the call with {@code error} (none when cancelled); on the loop. */
    private void fail(@Nullable Throwable error) {
        if (done) {
            return;
        }
        done = true;
        cancelTimer();
        if (request != null) {
            request.cancel();
        }
        if (channel != null) {
            detach(true);
        }
        if (body != null) {
            body.fail(error);
        } else if (error != null) {
            head.error(error);
        }
    }

    /** Gives the connection back to the pool, closed first when it cannot carry another call. */
    private void detach(boolean close) {
        Channel connection = channel;
        if (connection == null) {
            return;
        }
        channel = null;
        UpstreamChannel.of(connection).end();
        if (close) {
            connection.close();
        }
        pool.release(connection);
    }

    private void progress() {
        lastProgress = System.nanoTime();
    }

    private void checkTimeout() {
        if (done) {
            return;
        }
        long idle = System.nanoTime() - lastProgress;
        // As Reactor Netty's response timeout: counted from the end of the request, not while it is sent.
        boolean waiting = body == null ? requestWritten : body.wantsData();
        if (waiting && idle >= timeoutNanos) {
            fail(unreachable("no answer within " + Duration.ofNanos(timeoutNanos), null));
        } else {
            timer = loop.schedule(
                    this::checkTimeout, waiting ? timeoutNanos - idle : timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void onLoop(Runnable task) {
        Loops.run(loop, task);
    }

    private UpstreamException unreachable(String reason, @Nullable Throwable cause) {
        return new UpstreamException(
                "upstream " + address.host() + ": " + reason, cause == null ? new java.io.IOException(reason) : cause);
    }
}
