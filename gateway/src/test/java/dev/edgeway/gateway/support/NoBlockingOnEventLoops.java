package dev.edgeway.gateway.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * Fails the test during which a blocking call ran on an event loop or a Reactor non-blocking
 * thread (DESIGN.md forbids it), through BlockHound. Installed as a launcher session listener
 * (META-INF/services) and checked after each test as an extension (JUnit's auto-detection,
 * junit-platform.properties); active where failsafe sets {@value #ENABLED}: the integration
 * tests, whose JVM has the flag BlockHound needs on JDK 21+
 * ({@code -XX:+AllowRedefinitionToAddDeleteMethods}).
 *
 * <p>A blocking call is recorded, and the test running when it happened fails with it. The
 * allow-list is the integrations the libraries ship (Reactor, Netty, Spring, logging), loaded
 * through BlockHound's {@code ServiceLoader}, two libraries' one-time initialisations and the
 * test-only Kubernetes mock server, all named below; a blocking call of ours is fixed, not
 * allowed.
 */
public final class NoBlockingOnEventLoops implements LauncherSessionListener, AfterEachCallback {

    /** The system property that turns the check on. */
    public static final String ENABLED = "edgeway.test.blockhound";

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final Queue<BlockingOperationError> FOUND = new ConcurrentLinkedQueue<>();

    /**
     * Installed when the launcher session opens, before any test class or thread of ours exists:
     * a thread already waiting inside a method BlockHound allows (a Reactor scheduler's idle
     * worker in {@code DelayedWorkQueue.take}) when it is installed keeps running that method's
     * old code and is reported when it parks again, as happened once when it was installed
     * before the first test class.
     */
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean(ENABLED) && INSTALLED.compareAndSet(false, true)) {
            BlockHound.builder()
                    .loadIntegrations()
                    // Netty's zstd decoder loads its native library from a jar once, in the
                    // first response with a Content-Encoding the test client's decompressor
                    // meets; a one-time class initialisation, not a call per request.
                    .allowBlockingCallsInside("com.github.luben.zstd.util.Native", "load")
                    // Jackson builds a type's deserializer once, under a lock, and serves it from
                    // its cache after; two requests reading a new type at once wait there briefly
                    // (FaasGatewayIT's deploy body, in the full suite).
                    .allowBlockingCallsInside(
                            "tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer")
                    // The Kubernetes provider's tests run fabric8's mock API server in the test
                    // JVM; it shuts its watch executor down on its own Vert.x event loop when a
                    // watch closes. Not the gateway's code, and not on the gateway's threads.
                    .allowBlockingCallsInside(
                            "io.fabric8.kubernetes.client.server.mock.WatchEventsListener", "onClosed")
                    // Kept, not thrown: thrown, it ended whatever the thread was doing (an idle
                    // pool worker, once), so the test failed for a reason of the check's own.
                    .blockingMethodCallback(method -> FOUND.add(new BlockingOperationError(method)))
                    .install();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<BlockingOperationError> found = takeFound();
        if (!found.isEmpty()) {
            AssertionError failure = new AssertionError(
                    found.size() + " blocking call(s) on a non-blocking thread during this test, the first: "
                            + found.getFirst().getMessage() + " " + where(found.getFirst()));
            found.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /**
     * The first frames of the blocking call on one line: the build's summary shows only the
     * message, and a failure in the full suite may not come back when the test runs alone.
     */
    private static String where(BlockingOperationError error) {
        return Arrays.stream(error.getStackTrace())
                .filter(frame -> !frame.getClassName().startsWith("reactor.blockhound"))
                .limit(14)
                .map(frame -> frame.getClassName() + "." + frame.getMethodName() + ":" + frame.getLineNumber())
                .collect(Collectors.joining(" < ", "at ", ""));
    }

    /** The blocking calls recorded since the last look, taken. */
    static List<BlockingOperationError> takeFound() {
        List<BlockingOperationError> found = new ArrayList<>();
        for (BlockingOperationError error; (error = FOUND.poll()) != null; ) {
            found.add(error);
        }
        return found;
    }
}
