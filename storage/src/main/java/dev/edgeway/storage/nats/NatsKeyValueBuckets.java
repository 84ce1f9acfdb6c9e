package dev.edgeway.storage.nats;

import dev.edgeway.storage.kv.BucketSpec;
import dev.edgeway.storage.kv.KeyValueBuckets;
import dev.edgeway.storage.kv.NamedBucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link KeyValueBuckets} on the state store's NATS connection. Every bucket bound here is
 * remembered by name (binding a name again answers the same bucket, with its first spec), so that
 * {@link #open()} can create the absent ones when the application starts.
 */
public final class NatsKeyValueBuckets implements KeyValueBuckets {

    private final JetStreamBuckets buckets;
    private final Map<String, JetStreamBucket> bound = new ConcurrentHashMap<>();

    public NatsKeyValueBuckets(NatsConnection nats, Duration requestTimeout) {
        this.buckets = new JetStreamBuckets(nats, requestTimeout);
    }

    @Override
    public NamedBucket bucket(BucketSpec spec) {
        return bound.computeIfAbsent(spec.name(), name -> new JetStreamBucket(buckets, spec));
    }

    /** Creates every bucket bound so far that is absent; {@code StoreUnavailableException} when it cannot. */
    public void open() {
        bound.values().forEach(JetStreamBucket::open);
    }

    JetStreamBuckets buckets() {
        return buckets;
    }
}
