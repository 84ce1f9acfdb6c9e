package dev.edgeway.storage.objects;

import java.util.List;
import java.util.Optional;

/**
 * One bucket of large values, each written once under a name of its own. Every call is blocking
 * (call it off the event loop) and throws {@link dev.edgeway.storage.StoreUnavailableException}
 * when the server cannot serve it.
 */
public interface ObjectBucket {

    /** Stores a value under a new name starting with {@code prefix}; returns the name. */
    String put(String prefix, byte[] value);

    /** The value of an object, or empty when there is no such object (never written, or deleted). */
    Optional<byte[]> get(String name);

    /** Deletes an object; deleting an absent object does nothing. */
    void delete(String name);

    /** The names of the objects the bucket holds now. */
    List<String> names();
}
