package dev.edgeway.gateway.schedule;

import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.ProviderException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads a schedule from a function's annotations, as OpenFaaS's cron-connector does: the
 * function is scheduled when its {@code topic} is {@code cron-function} (or, as OpenFaaS Pro
 * allows, a comma-separated list holding it) and {@code schedule} is its cron expression;
 * {@code async: "true"} asks for an asynchronous call. Edgeway adds a time zone and an overlap
 * policy under its own annotation names.
 */
public final class ScheduleAnnotations {

    static final String TOPIC = "topic";
    static final String CRON_TOPIC = "cron-function";
    static final String SCHEDULE = "schedule";
    static final String ASYNC = "async";
    static final String TIMEZONE = "dev.edgeway.schedule.timezone";
    static final String OVERLAP = "dev.edgeway.schedule.overlap";

    private ScheduleAnnotations() {}

    /**
     * Refuses a deployment whose schedule annotations cannot be read, with faas-netes'
     * {@code validation failed:} prefix and a 400, before it is stored; a deployment without
     * them passes.
     */
    public static FunctionDeployment require(FunctionDeployment deployment) {
        try {
            read(deployment.service(), "", deployment.annotations(), ZoneId.of("UTC"));
        } catch (InvalidScheduleException e) {
            throw ProviderException.badRequest("validation failed: annotation " + e.getMessage());
        }
        return deployment;
    }

    /** The function's schedule, or empty when it is not scheduled; {@link InvalidScheduleException} for bad values. */
    static Optional<Schedule> read(
            String function, String namespace, Map<String, String> annotations, ZoneId defaultZone) {
        if (!scheduled(annotations)) {
            return Optional.empty();
        }
        String text = annotations.get(SCHEDULE);
        if (text == null) {
            throw new InvalidScheduleException(
                    SCHEDULE + ": missing (expected: a cron expression, as topic is " + CRON_TOPIC + ")");
        }
        ZoneId zone = zone(annotations.get(TIMEZONE), defaultZone);
        String overlap = annotations.get(OVERLAP);
        return Optional.of(new Schedule(
                function,
                namespace,
                CronSchedule.parse(text, zone),
                overlap == null ? Overlap.SKIP : Overlap.parse(overlap),
                "true".equals(annotations.get(ASYNC))));
    }

    private static boolean scheduled(Map<String, String> annotations) {
        String topic = annotations.get(TOPIC);
        return topic != null
                && Arrays.stream(topic.split(",")).map(String::strip).anyMatch(CRON_TOPIC::equals);
    }

    static ZoneId zone(@Nullable String value, ZoneId defaultZone) {
        if (value == null || value.isBlank()) {
            return defaultZone;
        }
        try {
            return ZoneId.of(value.strip());
        } catch (DateTimeException e) {
            throw new InvalidScheduleException(TIMEZONE + ": \"" + value
                    + "\" is not a time zone (expected: a region such as Europe/Berlin, or an offset such as +02:00)");
        }
    }
}
