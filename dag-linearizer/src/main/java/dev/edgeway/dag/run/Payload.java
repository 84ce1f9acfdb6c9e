package dev.edgeway.dag.run;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Bytes with the media type they came with: a step's output with the {@code Content-Type} its
 * target answered, or a step's input with the type of what it was made from. The type is null
 * where none is known (the target sent none, or the bytes were read back from the store), and the
 * gateway then tells it from the bytes. The array is shared, not copied: payloads can be large.
 */
public record Payload(byte[] bytes, @Nullable String contentType) {

    public Payload {
        Objects.requireNonNull(bytes, "bytes");
    }

    /** Bytes of no known type. */
    public static Payload of(byte[] bytes) {
        return new Payload(bytes, null);
    }
}
