package dev.edgeway.storage.variable;

/** How a value's bytes are to be read. */
public enum ValueFormat {
    /** The bytes are the UTF-8 text of one JSON value. */
    JSON,
    /** The bytes are opaque, stored as they were sent. */
    BINARY
}
