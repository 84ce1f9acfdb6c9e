package dev.edgeway.sdk;

/**
 * A function: turns one request into one response. {@link FunctionServer} calls it once per
 * request, from many threads at once, so an implementation must be thread-safe.
 */
@FunctionalInterface
public interface Function {

    /**
     * Handles one call.
     *
     * @param request the call, body included
     * @return the answer to send back
     * @throws Exception when the call fails; the caller then gets a 500 and the function's log
     *     the stack trace
     */
    Response handle(Request request) throws Exception;
}
