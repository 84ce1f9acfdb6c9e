package dev.edgeway.storage.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.storage.kv.BucketSpec;
import dev.edgeway.storage.objects.ObjectBucket;
import dev.edgeway.storage.objects.ObjectBuckets;
import dev.edgeway.storage.stream.MessageStreams;
import dev.edgeway.storage.stream.StreamSpec;
import dev.edgeway.storage.support.StorageIT;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The application's stream and object ports on the shared nats-server: per-subject depth, large objects. */
@StorageIT
class StreamAndObjectPortsIT {

    @Autowired
    MessageStreams streams;

    @Autowired
    ObjectBuckets objects;

    @Test
    void countsMessagesAndFindsTheOldestPerSubject() {
        String name = "PORTS_" + UUID.randomUUID().toString().replace("-", "");
        streams.ensure(new StreamSpec(name, name + ".>", true, Duration.ZERO));
        Instant before = Instant.now().minusSeconds(1);
        streams.publish(name + ".a", new byte[] {1}, "1");
        streams.publish(name + ".b", new byte[] {2}, "2");
        streams.publish(name + ".a", new byte[] {3}, "3");

        assertThat(streams.depthBySubject(name)).containsOnly(Map.entry(name + ".a", 2L), Map.entry(name + ".b", 1L));
        assertThat(streams.oldest(name, name + ".b"))
                .hasValueSatisfying(at -> assertThat(at).isAfter(before));
        assertThat(streams.oldest(name, name + ".c")).isEmpty();
    }

    @Test
    void storesReadsAndDeletesAValueLargerThanOneMessage() {
        ObjectBucket bucket = objects.bucket(new BucketSpec("ports-objects", 1, Duration.ZERO));
        byte[] value = new byte[3 * 1024 * 1024];
        Arrays.fill(value, (byte) 7);

        String stored = bucket.put("body", value);

        assertThat(stored).startsWith("body.");
        assertThat(bucket.get(stored))
                .hasValueSatisfying(read -> assertThat(read).isEqualTo(value));
        bucket.delete(stored);
        assertThat(bucket.get(stored)).isEmpty();
        bucket.delete(stored);
    }
}
