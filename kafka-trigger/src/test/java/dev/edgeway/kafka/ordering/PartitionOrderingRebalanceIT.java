package dev.edgeway.kafka.ordering;

import dev.edgeway.kafka.support.SharedBroker;
import dev.edgeway.kafka.support.TriggerTestApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * Ordering by partition, the default, through two rebalances ({@link RebalanceOrdering}): the
 * records of a partition are first called in offset order, whichever keys they have.
 */
@SpringBootTest(
        classes = TriggerTestApplication.class,
        properties = {
            "edgeway.kafka.enabled=true",
            PartitionOrderingRebalanceIT.TOPICS,
            PartitionOrderingRebalanceIT.GROUP,
            RebalanceOrdering.EARLIEST,
        })
@ContextConfiguration(initializers = SharedBroker.Initializer.class)
class PartitionOrderingRebalanceIT extends RebalanceOrdering {

    static final String TOPIC = "partition-rebalance";
    static final String TOPICS = "edgeway.kafka.topics=" + TOPIC;
    static final String GROUP = "edgeway.kafka.group-id=partition-rebalance-it";

    static {
        SharedBroker.createTopic(TOPIC, 2);
        SharedBroker.createTopic(TOPIC + ".DLT", 2);
    }

    /** No ordering setting: by partition is what a trigger does unless told otherwise. */
    PartitionOrderingRebalanceIT() {
        super(TOPIC, TOPICS, GROUP, EARLIEST);
    }

    @Override
    Object lane(Sent record) {
        return "partition " + record.partition();
    }
}
