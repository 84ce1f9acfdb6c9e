package dev.edgeway.gateway.server;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A request body was not received within the read timeout. A 408 by its type, so every error
 * handler answers it as such; the proxy finds it as the cause of a failed forward.
 */
public final class RequestReadTimeoutException extends ResponseStatusException {

    RequestReadTimeoutException(long readMillis) {
        super(HttpStatus.REQUEST_TIMEOUT, "Request body not received within " + readMillis + " ms");
    }

    /** Whether {@code error} or one of its causes is a read timeout. */
    public static boolean isCause(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof RequestReadTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
