package dev.edgeway.storage.nats;

import dev.edgeway.storage.StoreUnavailableException;
import dev.edgeway.storage.kv.BucketSpec;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates buckets when they are absent (file storage, the spec's history and max age) and hands
 * out their handles, bound to the live connection. Creation happens on a bucket's first use after
 * a connection is up, so a store that started while NATS was down gets its buckets as soon as NATS
 * is back; a bucket that already exists is used with whatever settings it has.
 */
final class JetStreamBuckets {

    static final int STREAM_NOT_FOUND = 10059;
    private static final int STREAM_NAME_IN_USE = 10058;
    private static final Logger log = LoggerFactory.getLogger(JetStreamBuckets.class);

    private final NatsConnection nats;
    private final JetStreamOptions jetStreamOptions;
    private final KeyValueOptions kvOptions;
    private final ObjectStoreOptions osOptions;
    private volatile @Nullable Handles handles;

    JetStreamBuckets(NatsConnection nats, Duration requestTimeout) {
        this.nats = nats;
        this.jetStreamOptions =
                JetStreamOptions.builder().requestTimeout(requestTimeout).build();
        this.kvOptions =
                KeyValueOptions.builder().jetStreamOptions(jetStreamOptions).build();
        this.osOptions =
                ObjectStoreOptions.builder().jetStreamOptions(jetStreamOptions).build();
    }

    /** The handles opened on one connection; a new connection starts afresh. */
    private record Handles(
            Connection connection,
            JetStream jetStream,
            JetStreamManagement management,
            Map<String, KeyValue> keyValues,
            Map<String, ObjectStore> objects) {}

    Connection connection() {
        return handles().connection();
    }

    /** JetStream on the live connection, for writes the key-value API does not offer (headers). */
    JetStream jetStream() {
        return handles().jetStream();
    }

    JetStreamManagement management() {
        return handles().management();
    }

    /** The bucket's handle, creating the bucket first when this connection has not used it yet. */
    KeyValue keyValue(BucketSpec spec) throws IOException, JetStreamApiException {
        Handles current = handles();
        KeyValue kv = current.keyValues().get(spec.name());
        if (kv == null) {
            ensureKeyValue(current.connection().keyValueManagement(kvOptions), spec, nats.replicas());
            kv = current.connection().keyValue(spec.name(), kvOptions);
            current.keyValues().put(spec.name(), kv);
        }
        return kv;
    }

    /** The Object Store's handle, creating it first when this connection has not used it yet. */
    ObjectStore objectStore(BucketSpec spec) throws IOException, JetStreamApiException {
        Handles current = handles();
        ObjectStore store = current.objects().get(spec.name());
        if (store == null) {
            ensureObjectStore(current.connection().objectStoreManagement(osOptions), spec, nats.replicas());
            store = current.connection().objectStore(spec.name(), osOptions);
            current.objects().put(spec.name(), store);
        }
        return store;
    }

    /** Forgets the handles, so the next use checks (and if need be re-creates) the buckets. */
    void invalidate() {
        handles = null;
    }

    private Handles handles() {
        Connection connection = nats.require();
        Handles current = handles;
        if (current != null && current.connection() == connection) {
            return current;
        }
        synchronized (this) {
            current = handles;
            if (current == null || current.connection() != connection) {
                try {
                    current = new Handles(
                            connection,
                            connection.jetStream(jetStreamOptions),
                            connection.jetStreamManagement(jetStreamOptions),
                            new ConcurrentHashMap<>(),
                            new ConcurrentHashMap<>());
                } catch (IOException e) {
                    throw new StoreUnavailableException("NATS did not answer: " + e.getMessage(), e);
                }
                handles = current;
            }
            return current;
        }
    }

    private static void ensureKeyValue(KeyValueManagement kvm, BucketSpec spec, int replicas)
            throws IOException, JetStreamApiException {
        try {
            kvm.getStatus(spec.name());
            return;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
        }
        try {
            kvm.create(KeyValueConfiguration.builder()
                    .name(spec.name())
                    .maxHistoryPerKey(spec.history())
                    .ttl(spec.maxAge())
                    .storageType(StorageType.File)
                    .replicas(replicas)
                    .build());
            log.info(
                    "Created key-value bucket {} (history {}, max age {}, replicas {})",
                    spec.name(),
                    spec.history(),
                    spec.maxAge(),
                    replicas);
        } catch (JetStreamApiException e) {
            // Another gateway created it first: use theirs.
            if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
                throw e;
            }
        }
    }

    private static void ensureObjectStore(ObjectStoreManagement osm, BucketSpec spec, int replicas)
            throws IOException, JetStreamApiException {
        try {
            osm.getStatus(spec.name());
            return;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
        }
        try {
            osm.create(ObjectStoreConfiguration.builder()
                    .name(spec.name())
                    .ttl(spec.maxAge())
                    .storageType(StorageType.File)
                    .replicas(replicas)
                    .build());
            log.info("Created object store {} (max age {}, replicas {})", spec.name(), spec.maxAge(), replicas);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
                throw e;
            }
        }
    }
}
