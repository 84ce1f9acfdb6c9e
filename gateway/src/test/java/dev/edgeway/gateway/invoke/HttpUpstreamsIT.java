package dev.edgeway.gateway.invoke;

import static dev.edgeway.gateway.invoke.ScriptedUpstream.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

/**
 * The gateway's own upstream client ({@link UpstreamPools}, {@link UpstreamCall}) against an
 * upstream that misbehaves on cue: connection reuse on the caller's loop, the stale kept-alive
 * connection, the stalled answer and body, the early answer, the body read at its reader's pace,
 * the bound on connections, a cancelled call.
 */
@Timeout(60)
class HttpUpstreamsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final HttpUpstreams upstreams = new HttpUpstreams(2, Duration.ofSeconds(2));
    private final EventLoop loop =
            HttpResources.get().onClient(LoopResources.hasNativeSupport()).next();
    private final CountDownLatch released = new CountDownLatch(1);
    private ScriptedUpstream upstream;

    @AfterEach
    void close() {
        released.countDown();
        upstreams.close();
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void keepsOneConnectionAliveForCallsMadeOnOneLoop() throws IOException {
        upstream = new ScriptedUpstream((request, out) -> {
            respond(out, 200, "ok " + request.index());
            return true;
        });
        for (int i = 0; i < 20; i++) {
            assertThat(text(call(get("/")))).isEqualTo("ok " + i);
        }
        assertThat(upstream.connections()).isEqualTo(1);
    }

    @Test
    void sendsTheMethodTargetHeadersAndBodyAndRelaysTheAnswer() throws IOException {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        upstream = new ScriptedUpstream((request, out) -> {
            seen.add(request.method() + " " + request.target() + " host=" + request.header("host") + " x-a="
                    + request.header("x-a") + " body=" + new String(request.readBody(), StandardCharsets.UTF_8));
            out.write("HTTP/1.1 201 Created\r\nX-F: yes\r\nContent-Length: 4\r\n\r\ndone"
                    .getBytes(StandardCharsets.US_ASCII));
            return true;
        });
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-A", "1");
        headers.setContentLength(5);
        Invocation post = invocation(HttpMethod.POST, "/a/b", "q=1", headers, Flux.just(buffer("hello")), true);

        InvocationResult result = call(post);

        assertThat(result.status()).isEqualTo(201);
        assertThat(result.headers().getFirst("X-F")).isEqualTo("yes");
        assertThat(text(result)).isEqualTo("done");
        assertThat(seen)
                .containsExactly(
                        "POST /a/b?q=1 host=127.0.0.1:" + upstream.uri().getPort() + " x-a=1 body=hello");
    }

    @Test
    void sendsABodyOfUnknownLengthInChunks() throws IOException {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        upstream = new ScriptedUpstream((request, out) -> {
            seen.add(
                    request.header("transfer-encoding") + " " + new String(request.readBody(), StandardCharsets.UTF_8));
            respond(out, 200, "");
            return true;
        });
        Invocation post = invocation(
                HttpMethod.POST,
                "/",
                null,
                new HttpHeaders(),
                Flux.just(buffer("a"), buffer("bc"), buffer("def")),
                true);

        assertThat(status(call(post))).isEqualTo(200);
        assertThat(seen).containsExactly("chunked abcdef");
    }

    @Test
    void sendsABodilessCallAgainOnAFreshConnectionWhenAKeptAliveOneClosesUnderIt() throws IOException {
        upstream = new ScriptedUpstream(closingSecondRequests());
        assertThat(text(call(get("/")))).isEqualTo("first");

        assertThat(text(call(get("/")))).isEqualTo("first");
        assertThat(upstream.connections()).isEqualTo(2);
    }

    @Test
    void failsACallWithABodyWhenAKeptAliveConnectionClosesUnderIt() throws IOException {
        upstream = new ScriptedUpstream(closingSecondRequests());
        assertThat(text(call(get("/")))).isEqualTo("first");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentLength(1);

        assertThatThrownBy(() -> call(invocation(HttpMethod.POST, "/", null, headers, Flux.just(buffer("x")), true)))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("closed before the response");
    }

    @Test
    void failsACallTheUpstreamDoesNotAnswerInTime() throws IOException {
        upstream = new ScriptedUpstream((request, out) -> hold());

        assertThatThrownBy(() -> call(get("/")))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("no answer within PT2S");
    }

    @Test
    void failsAnAnswerThatIsNotHttp() throws IOException {
        upstream = new ScriptedUpstream((request, out) -> {
            out.write("SSH-2.0-OpenSSH_9.6\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return hold();
        });

        assertThatThrownBy(() -> call(get("/")))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("a malformed response");
    }

    @Test
    void failsABodyThatStopsInTheMiddle() throws IOException {
        upstream = new ScriptedUpstream((request, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return hold();
        });
        InvocationResult result = call(get("/"));

        assertThatThrownBy(() -> text(result))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("no answer within PT2S");
    }

    @Test
    void stopsSendingABodyTheUpstreamAnsweredEarlyAndClosesThatConnection() throws IOException {
        upstream = new ScriptedUpstream((request, out) -> {
            respond(out, 413, "too large");
            return request.index() > 0 || request.header("content-length") == null;
        });
        AtomicBoolean bodyCancelled = new AtomicBoolean();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentLength(1_000_000);
        Flux<DataBuffer> endless =
                Flux.concat(Flux.just(buffer("x")), Flux.<DataBuffer>never()).doOnCancel(() -> bodyCancelled.set(true));

        InvocationResult early = call(invocation(HttpMethod.POST, "/", null, headers, endless, true));

        assertThat(early.status()).isEqualTo(413);
        assertThat(text(early)).isEqualTo("too large");
        await().atMost(WAIT).untilTrue(bodyCancelled);
        assertThat(status(call(get("/")))).isEqualTo(413);
        assertThat(upstream.connections()).isEqualTo(2);
    }

    @Test
    void readsABodyAtItsReadersPace() throws IOException {
        int total = 32 * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        upstream = new ScriptedUpstream((request, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + total + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            for (int sent = 0; sent < total; sent += chunk.length) {
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
            return true;
        });
        InvocationResult result = call(get("/"));

        // Nobody reads the body yet: the upstream is held back by the sockets' buffers, not drained into the heap.
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> written.get() < total / 2);
        long read = result.body()
                .map(buffer -> {
                    int length = buffer.readableByteCount();
                    DataBufferUtils.release(buffer);
                    return (long) length;
                })
                .reduce(0L, Long::sum)
                .block(WAIT);
        assertThat(read).isEqualTo(total);
    }

    @Test
    void keepsAtMostItsConnectionsPerLoopAndQueuesTheRestOfTheCalls() throws IOException {
        AtomicInteger arrived = new AtomicInteger();
        upstream = new ScriptedUpstream((request, out) -> {
            arrived.incrementAndGet();
            await().atMost(WAIT).until(() -> released.getCount() == 0);
            respond(out, 200, "ok");
            return true;
        });
        List<Mono<Integer>> calls = java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> onLoop(get("/"))
                        // Read whole, so that each connection can carry the next call.
                        .flatMap(result -> DataBufferUtils.join(result.body())
                                .map(DataBufferUtils::release)
                                .thenReturn(result.status()))
                        .cache())
                .toList();
        calls.forEach(Mono::subscribe);

        await().atMost(WAIT).until(() -> arrived.get() == 2);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> arrived.get() == 2);
        released.countDown();
        assertThat(Flux.merge(calls).collectList().block(WAIT))
                .containsOnly(200)
                .hasSize(6);
        assertThat(upstream.connections()).isEqualTo(2);
    }

    @Test
    void closesTheConnectionOfACallCancelledBeforeItsAnswer() throws IOException {
        AtomicInteger arrived = new AtomicInteger();
        upstream = new ScriptedUpstream((request, out) -> {
            if (arrived.incrementAndGet() == 1) {
                // The first call is cancelled while held here: its connection must be closed by the client.
                return request.body().read() >= 0;
            }
            respond(out, 200, "second");
            return true;
        });
        Disposable first = onLoop(get("/")).subscribe();
        await().atMost(WAIT).until(() -> arrived.get() == 1);
        first.dispose();

        assertThat(text(call(get("/")))).isEqualTo("second");
        assertThat(upstream.connections()).isEqualTo(2);
    }

    /** Answers the first request of a connection, and closes the connection at the second. */
    private static ScriptedUpstream.Script closingSecondRequests() {
        return (request, out) -> {
            if (request.index() > 0) {
                return false;
            }
            request.readBody();
            respond(out, 200, "first");
            return true;
        };
    }

    private boolean hold() {
        await().atMost(Duration.ofSeconds(30)).until(() -> released.getCount() == 0);
        return false;
    }

    private Invocation get(String path) {
        return invocation(HttpMethod.GET, path, null, new HttpHeaders(), Flux.empty(), false);
    }

    private static Invocation invocation(
            HttpMethod method, String path, String query, HttpHeaders headers, Flux<DataBuffer> body, boolean hasBody) {
        return new Invocation("f", "ns", method, path, query, headers, body, hasBody);
    }

    /** A call made on one event loop, as the proxy makes it. */
    private Mono<InvocationResult> onLoop(Invocation invocation) {
        return Mono.defer(() -> upstreams.to(upstream.uri()).exchange(invocation))
                .subscribeOn(Schedulers.fromExecutor(loop));
    }

    private InvocationResult call(Invocation invocation) {
        return onLoop(invocation).block(WAIT);
    }

    /** The status; the body, which holds network buffers, is discarded. */
    private static int status(InvocationResult result) {
        result.discard();
        return result.status();
    }

    private static String text(InvocationResult result) {
        return DataBufferUtils.join(result.body())
                .map(buffer -> {
                    String text = buffer.toString(StandardCharsets.UTF_8);
                    DataBufferUtils.release(buffer);
                    return text;
                })
                .defaultIfEmpty("")
                .block(WAIT);
    }

    private static DataBuffer buffer(String text) {
        return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
