package dev.edgeway.storage.nats;

/** The key-value buckets of the state store. */
public enum Bucket {
    /** Task metadata, one entry per task id. */
    TASKS,
    /** Variable values, one entry per {@code taskId.varName}. */
    VARIABLES,
    /** Expiry times of variables that have a TTL, keyed like {@link #VARIABLES}, for the sweeper. */
    EXPIRIES,
    /** Pipeline definitions, one entry per pipeline name; kept until deleted (no max age by default). */
    PIPELINES,
    /** Schedule state, one entry per scheduled function: the last claimed tick (claimed by revision compare-and-set) and its outcome. */
    SCHEDULES
}
