package dev.edgeway.gateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * Fails the test during which a blocking call ran on an event loop or a Reactor non-blocking
 * thread (DESIGN.md forbids it), through BlockHound. Registered for every test by JUnit's
 * extension auto-detection (junit-platform.properties) and active where failsafe sets
 * {@value #ENABLED}: the integration tests, whose JVM has the flag BlockHound needs on JDK 21+
 * ({@code -XX:+AllowRedefinitionToAddDeleteMethods}).
 *
 * <p>A blocking call throws in the thread that made it, as BlockHound does by default, but a
 * reactive chain may turn that error into a 500 or swallow it; so every one found is also kept
 * and the test running when it happened fails with it. The allow-list is the integrations the
 * libraries ship (Reactor, Netty, Spring, logging), loaded through BlockHound's
 * {@code ServiceLoader}, one library's one-time initialisation and the test-only Kubernetes
 * mock server, both named below; a blocking
 * call of ours is fixed, not allowed.
 */
public final class NoBlockingOnEventLoops implements BeforeAllCallback, AfterEachCallback {

    /** The system property that turns the check on. */
    public static final String ENABLED = "edgeway.test.blockhound";

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final Queue<BlockingOperationError> FOUND = new ConcurrentLinkedQueue<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        if (Boolean.getBoolean(ENABLED) && INSTALLED.compareAndSet(false, true)) {
            BlockHound.builder()
                    .loadIntegrations()
                    // Netty's zstd decoder loads its native library from a jar once, in the
                    // first response with a Content-Encoding the test client's decompressor
                    // meets; a one-time class initialisation, not a call per request.
                    .allowBlockingCallsInside("com.github.luben.zstd.util.Native", "load")
                    // The Kubernetes provider's tests run fabric8's mock API server in the test
                    // JVM; it shuts its watch executor down on its own Vert.x event loop when a
                    // watch closes. Not the gateway's code, and not on the gateway's threads.
                    .allowBlockingCallsInside(
                            "io.fabric8.kubernetes.client.server.mock.WatchEventsListener", "onClosed")
                    .blockingMethodCallback(method -> {
                        BlockingOperationError error = new BlockingOperationError(method);
                        FOUND.add(error);
                        throw error;
                    })
                    .install();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<BlockingOperationError> found = new ArrayList<>();
        for (BlockingOperationError error; (error = FOUND.poll()) != null; ) {
            found.add(error);
        }
        if (!found.isEmpty()) {
            AssertionError failure = new AssertionError(
                    found.size() + " blocking call(s) on a non-blocking thread during this test, the first: "
                            + found.getFirst().getMessage());
            found.forEach(failure::addSuppressed);
            throw failure;
        }
    }
}
