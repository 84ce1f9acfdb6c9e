package dev.edgeway.storage.nats;

import java.time.Duration;
import java.util.Objects;

/**
 * The buckets the store creates when they are absent. An existing bucket is used as it is,
 * whatever its settings.
 *
 * @param tasks the task metadata bucket
 * @param variables the variable values bucket
 * @param expiries the bucket indexing variables with a TTL
 * @param largeValues the Object Store bucket for values above the large-value threshold
 * @param pipelines the pipeline definitions bucket
 * @param schedules the schedule state bucket (the gateway's cron trigger)
 */
public record StoreLayout(
        Settings tasks,
        Settings variables,
        Settings expiries,
        Settings largeValues,
        Settings pipelines,
        Settings schedules) {

    public StoreLayout {
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(variables, "variables");
        Objects.requireNonNull(expiries, "expiries");
        Objects.requireNonNull(largeValues, "largeValues");
        Objects.requireNonNull(pipelines, "pipelines");
        Objects.requireNonNull(schedules, "schedules");
    }

    Settings of(Bucket bucket) {
        return switch (bucket) {
            case TASKS -> tasks;
            case VARIABLES -> variables;
            case EXPIRIES -> expiries;
            case PIPELINES -> pipelines;
            case SCHEDULES -> schedules;
        };
    }

    /**
     * One bucket.
     *
     * @param name the bucket name
     * @param history revisions kept per key (ignored for the Object Store)
     * @param maxAge the age at which NATS drops an entry, zero for never
     */
    public record Settings(String name, int history, Duration maxAge) {

        public Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(maxAge, "maxAge");
        }
    }
}
