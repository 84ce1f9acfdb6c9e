package dev.edgeway.storage.objects;

import dev.edgeway.storage.kv.BucketSpec;

/** Hands out object buckets by name, on the state store's connection. */
public interface ObjectBuckets {

    /**
     * The object bucket named in {@code spec} (its history is not used). Binding makes no
     * request: the bucket is created when absent on its first use, and again if the server lost it.
     */
    ObjectBucket bucket(BucketSpec spec);
}
