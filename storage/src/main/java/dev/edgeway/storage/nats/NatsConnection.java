package dev.edgeway.storage.nats;

import dev.edgeway.storage.StoreUnavailableException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection of the state store to NATS. It never fails the application: when NATS is
 * not reachable at start it keeps connecting in the background, and after a loss jnats
 * reconnects by itself. Until then every use answers {@link StoreUnavailableException} with the
 * reason. Publishes are never buffered while disconnected, so a write reported as failed is not
 * applied later behind the caller's back.
 */
public final class NatsConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NatsConnection.class);

    private final NatsProperties properties;
    private final @Nullable EmbeddedNatsServer embedded;
    private final AtomicReference<@Nullable Connection> connection = new AtomicReference<>();
    private volatile @Nullable String url;
    private volatile String problem = "the connection to NATS is not started yet";
    private volatile boolean closed;
    private volatile @Nullable CompletableFuture<String> embeddedLaunch;

    public NatsConnection(NatsProperties properties, @Nullable EmbeddedNatsServer embedded) {
        this.properties = properties;
        this.embedded = embedded;
    }

    /**
     * Launches the embedded server in the background, so that its start (a few hundred
     * milliseconds of JetStream recovery) overlaps the rest of the application's start-up;
     * {@link #start()} then waits for it. Without an embedded server this does nothing.
     */
    public void launchEmbeddedEarly() {
        EmbeddedNatsServer server = embedded;
        if (server != null && properties.configuredUrl() == null && embeddedLaunch == null) {
            embeddedLaunch = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return server.start();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    },
                    runnable -> Thread.ofPlatform()
                            .name("edgeway-nats-launch")
                            .daemon()
                            .start(runnable));
        }
    }

    /**
     * A connection to the configured URL; without one, to an embedded nats-server keeping its
     * store in {@code embeddedStoreDir} when the binary is found and the embedded server is on.
     */
    public static NatsConnection of(NatsProperties properties, Path embeddedStoreDir) {
        EmbeddedNatsServer embedded = null;
        if (properties.configuredUrl() == null && properties.embedded().enabled()) {
            embedded = EmbeddedNatsServer.locate(properties.embedded().binary())
                    .map(binary -> new EmbeddedNatsServer(
                            binary, embeddedStoreDir, properties.embedded().startTimeout()))
                    .orElse(null);
        }
        return new NatsConnection(properties, embedded);
    }

    /** The embedded server's URL: from the early launch when there was one, else started now. */
    private static String startEmbedded(EmbeddedNatsServer server, @Nullable CompletableFuture<String> launch)
            throws IOException {
        if (launch == null) {
            return server.start();
        }
        try {
            return launch.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException(e.getCause());
        }
    }

    /** Starts the embedded server when there is one, then connects; never throws. */
    public void start() {
        String target = properties.configuredUrl();
        if (target == null && embedded != null) {
            try {
                target = startEmbedded(embedded, embeddedLaunch);
            } catch (IOException e) {
                problem = "the embedded nats-server did not start: " + e.getMessage();
                log.error("State store unavailable: {}", problem);
                return;
            }
        }
        if (target == null) {
            problem = "NATS is not configured: set edgeway.nats.url, or put nats-server on the PATH";
            log.warn("State store unavailable: {}", problem);
            return;
        }
        url = target;
        Options.Builder builder = Options.builder();
        if (properties.configuredUrl() == null && embedded != null) {
            EmbeddedNatsServer.Credentials credentials = embedded.credentials();
            builder.userInfo(credentials.user(), credentials.password());
        }
        Options options = builder.server(target)
                .connectionName("edgeway-storage")
                .connectionTimeout(properties.connectTimeout())
                .reconnectWait(properties.reconnectWait())
                .maxReconnects(-1)
                .reconnectBufferSize(0)
                .connectionListener(this::onEvent)
                .errorListener(new ErrorListener() {})
                .build();
        try {
            connection.set(Nats.connect(options));
        } catch (IOException e) {
            problem = "NATS at " + target + " is not reachable: " + e.getMessage();
            log.warn("State store unavailable until NATS is reachable: {}", problem);
            connectInBackground(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void connectInBackground(Options options) {
        try {
            Nats.connectAsynchronously(options, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onEvent(Connection source, ConnectionListener.Events event) {
        switch (event) {
            case CONNECTED, RECONNECTED -> {
                if (closed) {
                    Thread.ofVirtual().start(() -> closeQuietly(source));
                    return;
                }
                connection.set(source);
                log.info("State store connected to NATS at {}", source.getConnectedUrl());
            }
            case DISCONNECTED -> {
                problem = "lost the connection to NATS at " + url;
                log.warn("State store unavailable: {}", problem);
            }
            case CLOSED -> problem = "the connection to NATS is closed";
            default -> {}
        }
    }

    /** The connection when it is up; otherwise {@link StoreUnavailableException} with the reason. */
    Connection require() {
        Connection current = connection.get();
        if (current == null) {
            throw new StoreUnavailableException(problem);
        }
        if (current.getStatus() != Connection.Status.CONNECTED) {
            throw new StoreUnavailableException("NATS at " + url + " is not reachable ("
                    + current.getStatus().name().toLowerCase() + ")");
        }
        return current;
    }

    /** The replica count of every bucket and stream this connection creates. */
    int replicas() {
        return properties.replicas();
    }

    /** Whether a request to NATS can be attempted now. */
    public boolean isConnected() {
        Connection current = connection.get();
        return current != null && current.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public void close() {
        closed = true;
        problem = "the connection to NATS is closed";
        Connection current = connection.getAndSet(null);
        if (current != null) {
            closeQuietly(current);
        }
        if (embedded != null) {
            // A launch still under way would otherwise start a server after this close.
            CompletableFuture<String> launch = embeddedLaunch;
            if (launch != null) {
                launch.handle((url, error) -> url).join();
            }
            embedded.close();
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
