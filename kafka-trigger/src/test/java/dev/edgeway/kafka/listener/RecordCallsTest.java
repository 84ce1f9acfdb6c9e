package dev.edgeway.kafka.listener;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordCallsTest {

    @Test
    void usesTheCallIdAsRunIdWhenItIsOne() {
        assertThat(RecordCalls.runId("kafka-orders_v2-3-42")).isEqualTo("kafka-orders_v2-3-42");
    }

    @Test
    void derivesAStableRunIdForTopicsARunIdCannotSpell() {
        String dotted = RecordCalls.runId("kafka-team.orders-0-7");

        assertThat(dotted).matches("kafka_[0-9a-f-]{36}").isEqualTo(RecordCalls.runId("kafka-team.orders-0-7"));
        assertThat(RecordCalls.runId("kafka-team.orders-0-8")).isNotEqualTo(dotted);
        assertThat(RecordCalls.runId("kafka-" + "t".repeat(200) + "-0-1")).matches("kafka_[0-9a-f-]{36}");
    }
}
