package dev.edgeway.gateway.async;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an asynchronous call is. */
enum CallState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    DEAD_LETTERED;

    @JsonValue
    String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
