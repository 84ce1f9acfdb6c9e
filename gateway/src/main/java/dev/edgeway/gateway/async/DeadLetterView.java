package dev.edgeway.gateway.async;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A dead letter as {@code GET /system/async/dead-letters} shows it: the failure, not the body. */
record DeadLetterView(
        @JsonProperty("sequence") long sequence,
        @JsonProperty("call_id") String callId,
        @JsonProperty("function") String function,
        @JsonProperty("path") String path,
        @JsonProperty("status") int status,
        @JsonProperty("reason") String reason,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("body_bytes") long bodyBytes,
        @JsonProperty("queued_at") Instant queuedAt,
        @JsonProperty("failed_at") Instant failedAt) {

    static DeadLetterView of(StoredDeadLetter stored) {
        DeadLetter letter = stored.letter();
        QueueRequest request = letter.request();
        return new DeadLetterView(
                stored.sequence(),
                request.callId(),
                request.function(),
                request.path(),
                letter.status(),
                letter.reason(),
                letter.attempts(),
                request.bodySize(),
                letter.queuedAt(),
                letter.failedAt());
    }
}
