package dev.edgeway.gateway.provider.faas;

import dev.edgeway.gateway.provider.LogEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * The test faas-provider's {@code /system/logs}: NDJSON, one {@link LogEntry} per line, flushed
 * per line; without {@code follow} the stream ends with the log, with it new lines keep coming
 * until the client goes away or the server stops.
 */
final class FollowableLogs {

    private final Map<String, List<LogEntry>> entries = new ConcurrentHashMap<>();
    private final Map<String, List<BlockingQueue<LogEntry>>> followers = new ConcurrentHashMap<>();
    private final BiPredicate<String, String> exists;
    private volatile boolean stopped;

    FollowableLogs(BiPredicate<String, String> exists) {
        this.exists = exists;
    }

    synchronized void append(String name, String namespace, String text) {
        LogEntry entry = new LogEntry(name, namespace, name + "-7d9f8b6c5-x2x9z", Instant.now(), text + "\n");
        String key = namespace + "/" + name;
        entries.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
        followers.getOrDefault(key, List.of()).forEach(q -> q.add(entry));
    }

    synchronized void clear() {
        entries.clear();
    }

    void stop() {
        stopped = true;
    }

    void stream(ProviderCall call) throws IOException {
        String name = call.query("name");
        String ns = call.namespace(null);
        int tail;
        Instant since;
        try {
            tail = call.query("tail") == null ? -1 : Integer.parseInt(call.query("tail"));
            since = call.query("since") == null ? Instant.MIN : Instant.parse(call.query("since"));
        } catch (NumberFormatException | DateTimeParseException e) {
            call.reply(422, "could not parse the log request");
            return;
        }
        if (name == null || !exists.test(name, ns)) {
            call.reply(404, "function \"" + name + "\" not found");
            return;
        }
        boolean follow = Boolean.parseBoolean(call.query("follow"));
        String instance = call.query("instance");
        String key = ns + "/" + name;
        BlockingQueue<LogEntry> queue = new LinkedBlockingQueue<>();
        List<LogEntry> history;
        synchronized (this) {
            history = entries.getOrDefault(key, List.of()).stream()
                    .filter(e -> !e.timestamp().isBefore(since))
                    .filter(e -> instance == null || instance.equals(e.instance()))
                    .toList();
            if (follow) {
                followers
                        .computeIfAbsent(key, k -> new CopyOnWriteArrayList<>())
                        .add(queue);
            }
        }
        call.exchange().getResponseHeaders().set("Content-Type", "application/x-ndjson");
        call.exchange().sendResponseHeaders(200, 0);
        try (OutputStream out = call.exchange().getResponseBody()) {
            for (LogEntry entry :
                    tail > 0 ? history.subList(Math.max(0, history.size() - tail), history.size()) : history) {
                write(out, entry);
            }
            while (follow && !stopped) {
                LogEntry next = queue.poll(50, TimeUnit.MILLISECONDS);
                if (next != null) {
                    write(out, next);
                }
            }
        } catch (IOException | InterruptedException e) {
            // The client went away or the server is stopping: the stream just ends.
        } finally {
            followers.getOrDefault(key, List.of()).remove(queue);
            call.exchange().close();
        }
    }

    // Written field by field so the timestamp is RFC 3339 text, as Go's encoder writes time.Time.
    private static void write(OutputStream out, LogEntry entry) throws IOException {
        Map<String, String> line = new LinkedHashMap<>();
        line.put("name", entry.name());
        line.put("namespace", entry.namespace());
        line.put("instance", entry.instance());
        line.put("timestamp", entry.timestamp().toString());
        line.put("text", entry.text());
        out.write(ProviderCall.JSON.writeValueAsBytes(line));
        out.write('\n');
        out.flush();
    }
}
