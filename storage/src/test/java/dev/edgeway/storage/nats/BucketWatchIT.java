package dev.edgeway.storage.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.storage.kv.BucketSpec;
import dev.edgeway.storage.kv.BucketWatcher;
import dev.edgeway.storage.kv.Entry;
import dev.edgeway.storage.kv.KeyValueBuckets;
import dev.edgeway.storage.kv.NamedBucket;
import dev.edgeway.storage.support.StorageIT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A key-value bucket's watch on the shared nats-server: what was there, then each change, in order. */
@StorageIT
class BucketWatchIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    KeyValueBuckets buckets;

    /** What a watcher was told, one line per callback. */
    private static final class Told implements BucketWatcher {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void written(Entry entry) {
            lines.add("written " + entry.key() + " " + new String(entry.value(), StandardCharsets.UTF_8) + " @"
                    + entry.revision());
        }

        @Override
        public void removed(String key, long revision) {
            lines.add("removed " + key + " @" + revision);
        }

        @Override
        public void caughtUp() {
            lines.add("caught up");
        }
    }

    @Test
    void tellsTheLatestEntriesThenEachChangeInOrder() throws Exception {
        NamedBucket bucket = buckets.bucket(new BucketSpec("watch-" + UUID.randomUUID(), 5, Duration.ZERO));
        bucket.put("a", bytes("1"));
        long a2 = bucket.put("a", bytes("2"));
        long gone = bucket.put("gone", bytes("x"));
        bucket.delete("gone");
        Told told = new Told();

        try (AutoCloseable watch = bucket.watch(told)) {
            await().atMost(WAIT).until(() -> told.lines.contains("caught up"));
            assertThat(told.lines).first().isEqualTo("written a 2 @" + a2);
            assertThat(told.lines).anySatisfy(line -> assertThat(line).startsWith("removed gone @"));
            assertThat(told.lines).last().isEqualTo("caught up");
            int before = told.lines.size();

            long b = bucket.put("b", bytes("3"));
            bucket.delete("a");
            long a3 = bucket.create("a", bytes("4"));

            await().atMost(WAIT).until(() -> told.lines.size() == before + 3);
            List<String> changes = told.lines.subList(before, before + 3);
            assertThat(changes.get(0)).isEqualTo("written b 3 @" + b);
            assertThat(changes.get(1)).startsWith("removed a @");
            assertThat(changes.get(2)).isEqualTo("written a 4 @" + a3);
            long removal =
                    Long.parseLong(changes.get(1).substring(changes.get(1).indexOf('@') + 1));
            assertThat(removal).isBetween(b + 1, a3 - 1);
            assertThat(gone).isLessThan(b);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
