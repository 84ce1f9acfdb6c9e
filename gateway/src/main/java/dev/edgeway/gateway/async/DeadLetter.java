package dev.edgeway.gateway.async;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * A call that failed for good, kept with its failure so it can be looked at and replayed.
 *
 * @param request the call as it was queued
 * @param status the last status (the function's, or 502 when it could not be reached)
 * @param reason a short reason, or the start of the function's last answer
 * @param attempts how many times the call was tried
 * @param queuedAt when the call was accepted
 * @param failedAt when the last attempt ended
 */
public record DeadLetter(
        @JsonProperty("request") QueueRequest request,
        @JsonProperty("status") int status,
        @JsonProperty("reason") String reason,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("queued_at") Instant queuedAt,
        @JsonProperty("failed_at") Instant failedAt) {

    public DeadLetter {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(queuedAt, "queuedAt");
        Objects.requireNonNull(failedAt, "failedAt");
    }
}
