package dev.edgeway.gateway.async;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Asynchronous invocation ({@code edgeway.async.*}); {@code docs/async.md} explains each.
 *
 * @param enabled whether {@code /async-function} and its workers are on (they need the state store's NATS)
 * @param workers how many consumers pull from each queue
 * @param maxInflight how many queued calls run at once in this gateway, over all functions
 * @param maxInflightPerFunction how many calls of one function run at once, unless the function
 *     sets {@code max_inflight} in its environment or the {@code com.edgeway.async.max_inflight}
 *     annotation
 * @param maxBodySize the largest request body accepted
 * @param ackWait how long NATS waits for a worker's word before delivering a call again; running
 *     calls extend it
 * @param busyDelay how long a call waits before it is tried again when its function is at its bound
 * @param retryAfter the {@code Retry-After} answered with 503 while NATS is unreachable
 * @param retry retries of failed calls
 * @param callback callbacks to {@code X-Callback-Url}
 * @param deadLetterMaxAge how long a dead letter is kept
 * @param statusRetention how long a call's status can be looked up
 */
@Validated
@ConfigurationProperties("edgeway.async")
public record AsyncProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2") @Min(1) int workers,
        @DefaultValue("16") @Min(1) int maxInflight,
        @DefaultValue("4") @Min(1) int maxInflightPerFunction,
        @DefaultValue("16MB") DataSize maxBodySize,
        @DefaultValue("30s") Duration ackWait,
        @DefaultValue("250ms") Duration busyDelay,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue Retry retry,
        @DefaultValue Callback callback,
        @DefaultValue("7d") Duration deadLetterMaxAge,
        @DefaultValue("1d") Duration statusRetention) {

    /**
     * How failed calls are tried again (the function's {@code com.openfaas.retry.*} annotations win).
     *
     * @param attempts how many times a call is tried in all, the first included
     * @param minWait the wait before the first retry
     * @param maxWait the longest wait between two tries
     * @param codes the function statuses worth another try; connection errors always are
     */
    public record Retry(
            @DefaultValue("3") @Min(1) int attempts,
            @DefaultValue("1s") Duration minWait,
            @DefaultValue("30s") Duration maxWait,

            @DefaultValue({"408", "429", "502", "503", "504"})
            List<Integer> codes) {}

    /**
     * Callbacks.
     *
     * @param allowedHosts the hosts callbacks may go to; empty means any host except the gateway's
     *     own ports and link-local addresses
     * @param attempts how many times a callback is tried in all
     * @param minWait the wait before the first retry of a callback
     * @param timeout the longest a callback may take
     */
    public record Callback(
            @DefaultValue List<String> allowedHosts,
            @DefaultValue("3") @Min(1) int attempts,
            @DefaultValue("1s") Duration minWait,
            @DefaultValue("10s") Duration timeout) {}
}
