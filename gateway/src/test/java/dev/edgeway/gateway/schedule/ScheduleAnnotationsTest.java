package dev.edgeway.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleAnnotationsTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void readsCronConnectorsAnnotations() {
        Schedule schedule = ScheduleAnnotations.read(
                        "nodeinfo", "openfaas-fn", Map.of("topic", "cron-function", "schedule", "*/5 * * * *"), UTC)
                .orElseThrow();

        assertThat(schedule.cron().text()).isEqualTo("*/5 * * * *");
        assertThat(schedule.cron().zone()).isEqualTo(UTC);
        assertThat(schedule.overlap()).isEqualTo(Overlap.SKIP);
        assertThat(schedule.asyncRequested()).isFalse();
        assertThat(schedule.key()).isEqualTo("fn.openfaas-fn.nodeinfo");
    }

    @Test
    void readsEdgewaysTimeZoneOverlapAndTheAsyncWish() {
        Schedule schedule = ScheduleAnnotations.read(
                        "f",
                        "openfaas-fn",
                        Map.of(
                                "topic",
                                "kafka-in, cron-function",
                                "schedule",
                                "0 9 * * 1-5",
                                "async",
                                "true",
                                ScheduleAnnotations.TIMEZONE,
                                "Europe/Berlin",
                                ScheduleAnnotations.OVERLAP,
                                "allow"),
                        UTC)
                .orElseThrow();

        assertThat(schedule.cron().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(schedule.overlap()).isEqualTo(Overlap.ALLOW);
        assertThat(schedule.asyncRequested()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cron", "kafka-in", "cron-functions"})
    void ignoresAScheduleOfAnotherTopic(String topic) {
        assertThat(ScheduleAnnotations.read("f", "ns", Map.of("topic", topic, "schedule", "nonsense"), UTC))
                .isEmpty();
    }

    @Test
    void refusesACronTopicWithoutSchedule() {
        assertThatThrownBy(() -> ScheduleAnnotations.read("f", "ns", Map.of("topic", "cron-function"), UTC))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("schedule: missing (expected: a cron expression, as topic is cron-function)");
    }

    @Test
    void refusesAnUnknownOverlapPolicy() {
        Map<String, String> annotations =
                Map.of("topic", "cron-function", "schedule", "* * * * *", ScheduleAnnotations.OVERLAP, "sometimes");

        assertThatThrownBy(() -> ScheduleAnnotations.read("f", "ns", annotations, UTC))
                .hasMessage("dev.edgeway.schedule.overlap: \"sometimes\" is invalid (expected: skip or allow)");
    }
}
