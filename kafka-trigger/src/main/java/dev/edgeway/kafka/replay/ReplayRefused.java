package dev.edgeway.kafka.replay;

/** A replay that could not start; {@link #reason()} says why, for the caller's status code. */
public final class ReplayRefused extends RuntimeException {

    /** Why a replay was refused. */
    public enum Reason {
        /** The trigger does not consume the topic, so its dead letters are not the trigger's. */
        NOT_CONSUMED,
        /** The topic has no dead-letter topic: nothing failed yet. */
        NO_DEAD_LETTERS,
        /** A replay of the topic is running on this gateway. */
        RUNNING,
        /** The brokers did not answer in time. */
        BROKER_UNAVAILABLE
    }

    private final Reason reason;

    ReplayRefused(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    ReplayRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
