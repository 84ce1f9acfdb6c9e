package dev.edgeway.sdk.state;

import java.util.Locale;

/** How a variable's value is stored. */
public enum ValueFormat {
    /** One JSON value, written with {@link TaskState#put} and read as any type Jackson maps. */
    JSON,
    /** Opaque bytes, written with {@link TaskState#putBytes} and stored as they were sent. */
    BINARY;

    static ValueFormat parse(String wire) {
        return "binary".equals(wire.toLowerCase(Locale.ROOT)) ? BINARY : JSON;
    }
}
