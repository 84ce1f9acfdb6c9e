package dev.edgeway.gateway.async;

/** The header names of asynchronous calls, as OpenFaaS spells them. */
final class AsyncHeaders {

    static final String CALL_ID = "X-Call-Id";
    static final String START_TIME = "X-Start-Time";
    static final String CALLBACK_URL = "X-Callback-Url";
    static final String FUNCTION_STATUS = "X-Function-Status";
    static final String FUNCTION_NAME = "X-Function-Name";
    static final String DURATION_SECONDS = "X-Duration-Seconds";

    private AsyncHeaders() {}
}
