package dev.edgeway.storage.nats;

import dev.edgeway.storage.StoreUnavailableException;
import dev.edgeway.storage.kv.RevisionConflictException;
import io.nats.client.JetStreamApiException;
import java.io.IOException;

/**
 * Turns what a NATS call throws into what callers handle: a revision conflict passes, the rest
 * is {@link StoreUnavailableException}. A bucket or stream the server lost (its store was wiped,
 * or someone deleted it) is re-created once and the call retried.
 */
final class NatsCalls {

    private NatsCalls() {}

    @FunctionalInterface
    interface NatsCall<T> {
        T apply() throws Exception;
    }

    /** Runs {@code call}; on a missing stream, forgets the handles of {@code buckets} and tries once more. */
    static <T> T withRetryOnMissingBucket(JetStreamBuckets buckets, NatsCall<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.apply();
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == JetStreamBuckets.STREAM_NOT_FOUND && attempt == 1) {
                    buckets.invalidate();
                    continue;
                }
                throw unavailable(e);
            } catch (Exception e) {
                throw translate(e);
            }
        }
    }

    /** Runs {@code call} once. */
    static <T> T call(NatsCall<T> call) {
        try {
            return call.apply();
        } catch (Exception e) {
            throw translate(e);
        }
    }

    private static RuntimeException translate(Exception e) {
        return switch (e) {
            case RevisionConflictException conflict -> conflict;
            case StoreUnavailableException unavailable -> unavailable;
            case JetStreamApiException api -> unavailable(api);
            case IOException io -> new StoreUnavailableException("NATS did not answer: " + io.getMessage(), io);
            case IllegalStateException state ->
                new StoreUnavailableException("NATS did not answer: " + state.getMessage(), state);
            case InterruptedException interrupted -> {
                Thread.currentThread().interrupt();
                yield new StoreUnavailableException("interrupted while waiting for NATS", interrupted);
            }
            case RuntimeException other -> other;
            default -> new StoreUnavailableException("NATS request failed: " + e, e);
        };
    }

    private static StoreUnavailableException unavailable(JetStreamApiException e) {
        return new StoreUnavailableException("NATS refused the request: " + e.getMessage(), e);
    }
}
