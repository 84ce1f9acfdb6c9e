package dev.edgeway.gateway.schedule;

/** A schedule annotation that cannot be read; the message names the annotation, the value and the expectation. */
final class InvalidScheduleException extends IllegalArgumentException {

    InvalidScheduleException(String message) {
        super(message);
    }
}
