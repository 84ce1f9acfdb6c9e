package dev.edgeway.storage.stream;

import java.time.Instant;

/**
 * One message as a stream stores it.
 *
 * @param sequence its stream sequence
 * @param data its payload
 * @param stored when the server took it
 */
public record StoredMessage(long sequence, byte[] data, Instant stored) {}
