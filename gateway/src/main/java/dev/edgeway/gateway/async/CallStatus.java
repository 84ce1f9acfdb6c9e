package dev.edgeway.gateway.async;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /system/async/calls/{callId}} answers. {@code failed} is a call that ended with
 * a failure but was not kept (its dead letter could not be stored); {@code dead-lettered} one
 * kept for replay.
 *
 * @param callId the call id
 * @param function {@code name.namespace}
 * @param state where the call is
 * @param attempts how many attempts started
 * @param lastStatus the status of the last attempt that ended, or null
 * @param queuedAt when the call was accepted
 * @param startedAt when its last attempt started, or null
 * @param finishedAt when its outcome became final, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CallStatus(
        @JsonProperty("call_id") String callId,
        @JsonProperty("function") String function,
        @JsonProperty("state") CallState state,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("last_status") @Nullable Integer lastStatus,
        @JsonProperty("queued_at") Instant queuedAt,
        @JsonProperty("started_at") @Nullable Instant startedAt,
        @JsonProperty("finished_at") @Nullable Instant finishedAt) {

    CallStatus {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(queuedAt, "queuedAt");
    }

    static CallStatus queued(QueueRequest request, Instant at) {
        return new CallStatus(request.callId(), request.function(), CallState.QUEUED, 0, null, at, null, null);
    }

    CallStatus attempt(int attempt, Instant at) {
        return new CallStatus(callId, function, CallState.RUNNING, attempt, lastStatus, queuedAt, at, null);
    }

    CallStatus ended(CallState finalState, int status, Instant at) {
        return new CallStatus(callId, function, finalState, attempts, status, queuedAt, startedAt, at);
    }
}
