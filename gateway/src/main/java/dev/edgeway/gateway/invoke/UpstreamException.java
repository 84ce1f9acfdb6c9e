package dev.edgeway.gateway.invoke;

/**
 * The function could not be reached or did not answer in time. The OpenFaaS gateway answers
 * both with an empty 502; the cause is logged, not sent.
 */
public class UpstreamException extends RuntimeException {

    public UpstreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
