package dev.edgeway.gateway.proxy;

import dev.edgeway.gateway.invoke.CallIds;
import java.time.Instant;
import org.springframework.http.HttpHeaders;

/**
 * {@code X-Call-Id} and {@code X-Start-Time} as the OpenFaaS gateway sets them: a call id is
 * generated only when the caller sent none, and then echoed on the response; the start time
 * (Unix nanoseconds) is added to both request and response.
 */
public final class CallIdHeaders {

    /** The call id's header, the one definition of its name in the gateway. */
    public static final String CALL_ID = "X-Call-Id";

    /** The start time's header (Unix nanoseconds), the one definition of its name in the gateway. */
    public static final String START_TIME = "X-Start-Time";

    private final String callId;
    private final boolean generated;
    private final String startTime;

    private CallIdHeaders(String callId, boolean generated, String startTime) {
        this.callId = callId;
        this.generated = generated;
        this.startTime = startTime;
    }

    /** Reads or creates the call id of a request and stamps its start time into the forwarded headers. */
    static CallIdHeaders stamp(HttpHeaders forwarded) {
        Instant now = Instant.now();
        String startTime = Long.toString(now.getEpochSecond() * 1_000_000_000L + now.getNano());
        String existing = forwarded.getFirst(CALL_ID);
        boolean generated = existing == null || existing.isEmpty();
        String callId = generated ? CallIds.random() : existing;
        if (generated) {
            forwarded.set(CALL_ID, callId);
        }
        forwarded.add(START_TIME, startTime);
        return new CallIdHeaders(callId, generated, startTime);
    }

    /** Adds the call id (when generated here) and the start time to a response. */
    void applyTo(io.netty.handler.codec.http.HttpHeaders response) {
        if (generated) {
            response.set(CALL_ID, callId);
        }
        response.add(START_TIME, startTime);
    }
}
