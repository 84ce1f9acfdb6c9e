package dev.edgeway.storage.nats;

import dev.edgeway.storage.kv.BucketSpec;
import dev.edgeway.storage.objects.ObjectBucket;
import dev.edgeway.storage.objects.ObjectBuckets;

/** {@link ObjectBuckets} as JetStream Object Store buckets, on the key-value buckets' connection. */
public final class NatsObjectBuckets implements ObjectBuckets {

    private final NatsKeyValueBuckets buckets;

    public NatsObjectBuckets(NatsKeyValueBuckets buckets) {
        this.buckets = buckets;
    }

    @Override
    public ObjectBucket bucket(BucketSpec spec) {
        return new LargeValueSpill(buckets, spec);
    }
}
