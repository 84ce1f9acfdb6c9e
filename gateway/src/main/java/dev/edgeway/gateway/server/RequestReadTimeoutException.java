package dev.edgeway.gateway.server;

import java.util.Objects;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A request body was not received within the read timeout. A 408 by its type, so every error
 * handler answers it as such; the proxy finds it as the cause of a failed forward.
 */
public final class RequestReadTimeoutException extends ResponseStatusException {

    RequestReadTimeoutException(long readMillis) {
        super(HttpStatus.REQUEST_TIMEOUT, "Request body not received within read_timeout (" + readMillis + " ms)");
    }

    /** The read timeout that {@code error} is or was caused by, if any. */
    public static Optional<RequestReadTimeoutException> causeOf(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof RequestReadTimeoutException timeout) {
                return Optional.of(timeout);
            }
        }
        return Optional.empty();
    }

    @Override
    public String getReason() {
        return Objects.requireNonNull(super.getReason(), "reason");
    }
}
