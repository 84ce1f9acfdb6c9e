package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.provider.LogEntry;
import dev.edgeway.gateway.provider.LogRequest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One function's log: the last lines in memory for {@code /system/logs}, every line in a
 * rotated file, and live lines for followers. Appends may come from any process pipe thread;
 * they are serialized here, which also keeps the follower sink's emissions serial.
 */
final class FunctionLog {

    /** Go's {@code log} prefix, which every classic watchdog line carries. */
    private static final DateTimeFormatter GO_LOG =
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss ").withZone(ZoneId.systemDefault());

    private final String name;
    private final String namespace;
    private final int capacity;
    private final ArrayDeque<LogEntry> ring;
    private final LogFile file;
    private final Sinks.Many<LogEntry> live = Sinks.many().multicast().directBestEffort();
    private boolean closed;

    FunctionLog(String name, String namespace, int capacity, LogFile file) {
        this.name = name;
        this.namespace = namespace;
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(Math.min(capacity, 1024));
        this.file = file;
    }

    /** Appends a line the function printed; {@code line} has no line break. */
    synchronized void append(String instance, String line) {
        if (closed) {
            return;
        }
        LogEntry entry = new LogEntry(name, namespace, instance, Instant.now(), line + "\n");
        if (ring.size() == capacity) {
            ring.removeFirst();
        }
        ring.addLast(entry);
        file.append(entry.timestamp() + " " + instance + " " + entry.text());
        // No follower, or a slow one, is no reason to fail the function: best effort.
        live.tryEmitNext(entry);
    }

    /** Appends a line of the watchdog itself, prefixed the way Go's {@code log} does it. */
    void appendWatchdog(String instance, String message) {
        append(instance, GO_LOG.format(Instant.now()) + message);
    }

    /** The matching lines in memory, then, when following, every new matching line. */
    Flux<LogEntry> read(LogRequest request) {
        Predicate<LogEntry> matches = matcher(request.instance(), request.since());
        if (!request.follow()) {
            return Flux.defer(() -> Flux.fromIterable(tail(matches, request.tail())));
        }
        // The snapshot and the subscription to live lines happen under the append lock, so a
        // follower sees every line exactly once.
        return Flux.<LogEntry>create(sink -> {
                    synchronized (this) {
                        tail(matches, request.tail()).forEach(sink::next);
                        Disposable subscription =
                                live.asFlux().filter(matches).subscribe(sink::next, sink::error, sink::complete);
                        sink.onDispose(subscription);
                    }
                })
                .onBackpressureBuffer(capacity, dropped -> {}, BufferOverflowStrategy.DROP_OLDEST);
    }

    private synchronized List<LogEntry> tail(Predicate<LogEntry> matches, long tail) {
        List<LogEntry> lines = new ArrayList<>();
        for (LogEntry entry : ring) {
            if (matches.test(entry)) {
                lines.add(entry);
            }
        }
        if (tail >= 0 && tail < lines.size()) {
            return List.copyOf(lines.subList(lines.size() - (int) tail, lines.size()));
        }
        return lines;
    }

    private static Predicate<LogEntry> matcher(@Nullable String instance, @Nullable Instant since) {
        return entry -> (instance == null || instance.isEmpty() || instance.equals(entry.instance()))
                && (since == null || !entry.timestamp().isBefore(since));
    }

    /** Ends every follower and closes the file; later lines are dropped. */
    synchronized void close() {
        closed = true;
        live.tryEmitComplete();
        file.close();
    }
}
