package dev.edgeway.gateway.provider;

import java.time.Instant;

/** One line of a function's log, as {@code /system/logs} streams it (one JSON object per line). */
public record LogEntry(String name, String namespace, String instance, Instant timestamp, String text) {}
