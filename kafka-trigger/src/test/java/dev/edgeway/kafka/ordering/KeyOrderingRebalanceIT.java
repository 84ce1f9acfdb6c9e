package dev.edgeway.kafka.ordering;

import dev.edgeway.kafka.support.SharedBroker;
import dev.edgeway.kafka.support.TriggerTestApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * Per-key ordering through two rebalances ({@link RebalanceOrdering}): the records of a key are
 * first called in the order sent.
 */
@SpringBootTest(
        classes = TriggerTestApplication.class,
        properties = {
            "edgeway.kafka.enabled=true",
            KeyOrderingRebalanceIT.TOPICS,
            KeyOrderingRebalanceIT.GROUP,
            KeyOrderingRebalanceIT.ORDERING,
            KeyOrderingRebalanceIT.CONCURRENCY,
            RebalanceOrdering.EARLIEST,
        })
@ContextConfiguration(initializers = SharedBroker.Initializer.class)
class KeyOrderingRebalanceIT extends RebalanceOrdering {

    static final String TOPIC = "keyed-rebalance";
    static final String TOPICS = "edgeway.kafka.topics=" + TOPIC;
    static final String GROUP = "edgeway.kafka.group-id=keyed-rebalance-it";
    static final String ORDERING = "edgeway.kafka.ordering=key";
    static final String CONCURRENCY = "edgeway.kafka.key-concurrency=4";

    static {
        SharedBroker.createTopic(TOPIC, 2);
        SharedBroker.createTopic(TOPIC + ".DLT", 2);
    }

    KeyOrderingRebalanceIT() {
        super(TOPIC, TOPICS, GROUP, ORDERING, CONCURRENCY, EARLIEST);
    }

    @Override
    Object lane(Sent record) {
        return "key " + record.key();
    }
}
