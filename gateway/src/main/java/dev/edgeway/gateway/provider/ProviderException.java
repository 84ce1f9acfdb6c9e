package dev.edgeway.gateway.provider;

import org.springframework.http.HttpStatus;

/**
 * A provider refused or failed an operation. The status and message reach the caller as the
 * OpenFaaS gateway's plain-text error, so messages follow faas-netes' wording.
 */
public class ProviderException extends RuntimeException {

    private final HttpStatus status;

    public ProviderException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    public static ProviderException badRequest(String message) {
        return new ProviderException(HttpStatus.BAD_REQUEST, message);
    }

    public static ProviderException notFound(String message) {
        return new ProviderException(HttpStatus.NOT_FOUND, message);
    }

    /**
     * An unknown function, in the one wording every caller sees (the OpenFaaS gateway's
     * {@code error finding function <name>.<namespace>: <detail>}), whichever path asked.
     */
    public static ProviderException functionNotFound(String name, String namespace) {
        return notFound("error finding function " + name + "." + namespace + ": function not found");
    }

    public static ProviderException conflict(String message) {
        return new ProviderException(HttpStatus.CONFLICT, message);
    }
}
