package dev.edgeway.storage.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Ports on the loopback interface, where the gateway's child processes listen. */
public final class LoopbackPorts {

    private static final int CONNECT_TIMEOUT_MILLIS = 250;
    private static final Duration POLL = Duration.ofMillis(50);

    private LoopbackPorts() {}

    /**
     * A port nothing listens on right now. Another program could take it before the child does;
     * the child then fails to listen, exits and is restarted on a new port.
     */
    public static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Whether something accepts connections on the port (blocking, briefly). */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Polls the port until it accepts connections: {@code true} then, {@code false} as soon as
     * the process is found dead, a {@link java.util.concurrent.TimeoutException} after
     * {@code timeout}. Each probe blocks briefly, so it runs on {@code probes}; the pauses between
     * probes hold no thread at all, and no lock of the caller's (it subscribes outside its locks).
     */
    public static Mono<Boolean> awaitListening(int port, Duration timeout, BooleanSupplier alive, Scheduler probes) {
        return Mono.fromCallable(() -> accepts(port))
                .subscribeOn(probes)
                .filter(Boolean::booleanValue)
                .repeatWhenEmpty(attempts -> attempts.delayElements(POLL).takeWhile(i -> alive.getAsBoolean()))
                .defaultIfEmpty(Boolean.FALSE)
                .timeout(timeout);
    }
}
