package dev.edgeway.storage.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.ObjectStore;
import io.nats.client.ObjectStoreManagement;
import io.nats.client.ObjectStoreOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the buckets when they are absent (file storage, the configured history and max age)
 * and hands out their handles. Creation happens on the first use after a connection is up, so a
 * store that started while NATS was down gets its buckets as soon as NATS is back; a bucket
 * that already exists is used with whatever settings it has.
 */
final class JetStreamBuckets {

    static final int STREAM_NOT_FOUND = 10059;
    private static final int STREAM_NAME_IN_USE = 10058;
    private static final Logger log = LoggerFactory.getLogger(JetStreamBuckets.class);

    private final NatsConnection nats;
    private final StoreLayout layout;
    private final JetStreamOptions jetStreamOptions;
    private volatile @Nullable Handles handles;

    JetStreamBuckets(NatsConnection nats, StoreLayout layout, Duration requestTimeout) {
        this.nats = nats;
        this.layout = layout;
        this.jetStreamOptions =
                JetStreamOptions.builder().requestTimeout(requestTimeout).build();
    }

    /** Bucket handles bound to the live connection. */
    record Handles(Connection connection, Map<Bucket, KeyValue> keyValues, ObjectStore largeValues) {}

    Handles require() {
        Connection connection = nats.require();
        Handles current = handles;
        if (current != null && current.connection() == connection) {
            return current;
        }
        synchronized (this) {
            current = handles;
            if (current == null || current.connection() != connection) {
                current = open(connection);
                handles = current;
            }
            return current;
        }
    }

    /** Forgets the handles, so the next use checks (and if need be re-creates) the buckets. */
    void invalidate() {
        handles = null;
    }

    private Handles open(Connection connection) {
        try {
            KeyValueOptions kvOptions =
                    KeyValueOptions.builder().jetStreamOptions(jetStreamOptions).build();
            KeyValueManagement kvm = connection.keyValueManagement(kvOptions);
            Map<Bucket, KeyValue> keyValues = new EnumMap<>(Bucket.class);
            for (Bucket bucket : Bucket.values()) {
                StoreLayout.Settings settings = layout.of(bucket);
                ensureKeyValue(kvm, settings, nats.replicas());
                keyValues.put(bucket, connection.keyValue(settings.name(), kvOptions));
            }
            ObjectStoreOptions osOptions = ObjectStoreOptions.builder()
                    .jetStreamOptions(jetStreamOptions)
                    .build();
            ensureObjectStore(connection.objectStoreManagement(osOptions), layout.largeValues(), nats.replicas());
            ObjectStore largeValues =
                    connection.objectStore(layout.largeValues().name(), osOptions);
            return new Handles(connection, Map.copyOf(keyValues), largeValues);
        } catch (IOException | JetStreamApiException e) {
            throw new StoreUnavailableException("could not open the state store buckets: " + e.getMessage(), e);
        }
    }

    private static void ensureKeyValue(KeyValueManagement kvm, StoreLayout.Settings settings, int replicas)
            throws IOException, JetStreamApiException {
        try {
            kvm.getStatus(settings.name());
            return;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
        }
        try {
            kvm.create(KeyValueConfiguration.builder()
                    .name(settings.name())
                    .maxHistoryPerKey(settings.history())
                    .ttl(settings.maxAge())
                    .storageType(StorageType.File)
                    .replicas(replicas)
                    .build());
            log.info(
                    "Created key-value bucket {} (history {}, max age {}, replicas {})",
                    settings.name(),
                    settings.history(),
                    settings.maxAge(),
                    replicas);
        } catch (JetStreamApiException e) {
            // Another gateway created it first: use theirs.
            if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
                throw e;
            }
        }
    }

    private static void ensureObjectStore(ObjectStoreManagement osm, StoreLayout.Settings settings, int replicas)
            throws IOException, JetStreamApiException {
        try {
            osm.getStatus(settings.name());
            return;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
        }
        try {
            osm.create(ObjectStoreConfiguration.builder()
                    .name(settings.name())
                    .ttl(settings.maxAge())
                    .storageType(StorageType.File)
                    .replicas(replicas)
                    .build());
            log.info("Created object store {} (max age {}, replicas {})", settings.name(), settings.maxAge(), replicas);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
                throw e;
            }
        }
    }
}
