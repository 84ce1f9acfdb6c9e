package dev.edgeway.gateway.pipeline.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.storage.kv.BucketSpec;
import dev.edgeway.storage.kv.Entry;
import dev.edgeway.storage.kv.KeyValueBuckets;
import dev.edgeway.storage.kv.NamedBucket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The definitions' cache on a bucket of its own, written behind its back as another gateway
 * would: it follows the writes, never goes back to an older revision, and forgets at once what
 * its gateway removed.
 */
@GatewayIT
class DefinitionCacheIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    KeyValueBuckets buckets;

    @Test
    void followsTheBucketAndNeverGoesBack() {
        NamedBucket bucket = buckets.bucket(new BucketSpec("definitions-" + UUID.randomUUID(), 5, Duration.ZERO));
        long first = bucket.put("p", bytes("one"));
        try (DefinitionCache cache = new DefinitionCache(bucket)) {
            // Not caught up yet: the caller asks the store; the first call starts the watch.
            assertThat(cache.find("p")).isEmpty();
            await().atMost(WAIT).until(() -> revision(cache) == first);

            long second = bucket.put("p", bytes("two"));
            await().atMost(WAIT).until(() -> revision(cache) == second);
            cache.held(new Entry("p", bytes("one"), first)); // a read that lost the race
            assertThat(revision(cache)).isEqualTo(second);

            bucket.delete("p");
            cache.removedHere("p");
            assertThat(cache.find("p")).isEmpty();
            cache.held(new Entry("p", bytes("two"), second));
            assertThat(cache.find("p")).isEmpty();

            long third = bucket.put("p", bytes("three"));
            await().atMost(WAIT).until(() -> revision(cache) == third);
            assertThat(cache.find("p").map(e -> new String(e.value(), StandardCharsets.UTF_8)))
                    .contains("three");
            assertThat(cache.find("absent")).isEmpty();
        }
    }

    private static long revision(DefinitionCache cache) {
        Optional<Entry> held = cache.find("p");
        return held.map(Entry::revision).orElse(-1L);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
