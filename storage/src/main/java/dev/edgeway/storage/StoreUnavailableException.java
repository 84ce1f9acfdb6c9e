package dev.edgeway.storage;

import org.jspecify.annotations.Nullable;

/** NATS cannot be reached or did not answer; the request may succeed later. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String reason) {
        super(reason);
    }

    public StoreUnavailableException(String reason, @Nullable Throwable cause) {
        super(reason, cause);
    }
}
