package dev.edgeway.gateway.async;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;

/**
 * How one attempt of a call ended.
 *
 * @param status the function's status; 503 when it could not be reached, as OpenFaaS reports it
 * @param headers the function's response headers
 * @param body the function's response body
 * @param unreachable whether the function could not be reached at all (a connection error)
 */
record Outcome(int status, HttpHeaders headers, byte[] body, boolean unreachable) {

    static Outcome unreachable(String reason) {
        return new Outcome(503, new HttpHeaders(), reason.getBytes(StandardCharsets.UTF_8), true);
    }

    boolean succeeded() {
        return status < 400;
    }

    /** The start of the answer, for a dead letter: enough to see why, never a whole body. */
    String excerpt() {
        int length = Math.min(body.length, 512);
        return new String(body, 0, length, StandardCharsets.UTF_8);
    }
}
