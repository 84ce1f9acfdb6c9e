package dev.edgeway.gateway.async;

/**
 * The header names of asynchronous calls, as OpenFaaS spells them; the call id and start time
 * are {@code CallIdHeaders}', shared with {@code /function}.
 */
final class AsyncHeaders {

    static final String CALLBACK_URL = "X-Callback-Url";
    static final String FUNCTION_STATUS = "X-Function-Status";
    static final String FUNCTION_NAME = "X-Function-Name";
    static final String DURATION_SECONDS = "X-Duration-Seconds";

    private AsyncHeaders() {}
}
