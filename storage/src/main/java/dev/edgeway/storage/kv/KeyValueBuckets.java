package dev.edgeway.storage.kv;

/** Hands out key-value buckets by name, on the state store's connection. */
public interface KeyValueBuckets {

    /**
     * The bucket named in {@code spec}. Binding makes no request: the bucket is created (when
     * absent) on its first use after a connection is up, and again if the server lost it.
     */
    NamedBucket bucket(BucketSpec spec);
}
