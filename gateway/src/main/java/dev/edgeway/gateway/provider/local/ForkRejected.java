package dev.edgeway.gateway.provider.local;

/**
 * A call turned away because a fork limit and its queue are full. Answered 429 with the text
 * of OpenFaaS's {@code max_inflight} limiter, which connectors and the async worker retry.
 * Without a stack trace: under a burst there are thousands, and the message says it all.
 */
final class ForkRejected extends RuntimeException {

    ForkRejected(int limit) {
        super("Concurrent request limit exceeded. Max concurrent requests: " + limit, null, false, false);
    }
}
