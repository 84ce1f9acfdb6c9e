package dev.edgeway.storage.config;

import dev.edgeway.storage.StoreUnavailableException;
import dev.edgeway.storage.nats.LargeValueSpill;
import dev.edgeway.storage.nats.NatsConnection;
import dev.edgeway.storage.nats.NatsKeyValueBuckets;
import dev.edgeway.storage.variable.ExpirySweeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the state store with the application (embedded server, connection, buckets, sweeper)
 * without ever failing it: whatever is not reachable now is retried on use. The connection and
 * the embedded server are closed when the context closes, after the web server has stopped.
 */
final class StorageLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StorageLifecycle.class);

    private final NatsConnection connection;
    private final NatsKeyValueBuckets buckets;
    private final LargeValueSpill spill;
    private final ExpirySweeper sweeper;
    private volatile boolean running;
    private boolean connectionStarted;

    StorageLifecycle(
            NatsConnection connection, NatsKeyValueBuckets buckets, LargeValueSpill spill, ExpirySweeper sweeper) {
        this.connection = connection;
        this.buckets = buckets;
        this.spill = spill;
        this.sweeper = sweeper;
    }

    /** Connects on the first start; every start (also after a stop) runs the sweeper. */
    @Override
    public void start() {
        if (!connectionStarted) {
            connectionStarted = true;
            connection.start();
            if (connection.isConnected()) {
                try {
                    buckets.open();
                    spill.open();
                } catch (StoreUnavailableException e) {
                    log.warn("State store buckets not ready, retried on first use: {}", e.getMessage());
                }
            }
        }
        sweeper.start();
        running = true;
    }

    /**
     * Stops the sweeper. The connection stays open until the context closes ({@link NatsConnection}
     * is closed as a bean), so a stopped and restarted context (the test framework pauses idle
     * contexts that way) keeps working.
     */
    @Override
    public void stop() {
        sweeper.close();
        running = false;
    }

    /**
     * Before the web server (whose lifecycles run at {@code DEFAULT_PHASE - 2048} and
     * {@code - 1024}): connected before the first request, closed after the last one drained.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
