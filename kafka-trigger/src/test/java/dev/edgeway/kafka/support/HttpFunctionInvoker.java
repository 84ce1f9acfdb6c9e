package dev.edgeway.kafka.support;

import dev.edgeway.kafka.invoke.FunctionInvoker;
import dev.edgeway.kafka.invoke.InvocationOutcome;
import dev.edgeway.kafka.invoke.TriggerCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** The trigger's invoker port over real HTTP, as the module's tests use it (the gateway supplies its own). */
public final class HttpFunctionInvoker implements FunctionInvoker {

    private final HttpClient client = HttpClient.newHttpClient();
    private final String baseUrl;
    private final Map<String, String> extraHeaders;

    public HttpFunctionInvoker(HttpFunctions functions) {
        this(functions.baseUrl(), Map.of());
    }

    /** Functions at {@code baseUrl} (of another process's {@link HttpFunctions}); every call also carries {@code extraHeaders}. */
    public HttpFunctionInvoker(String baseUrl, Map<String, String> extraHeaders) {
        this.baseUrl = baseUrl;
        this.extraHeaders = Map.copyOf(extraHeaders);
    }

    @Override
    public CompletionStage<InvocationOutcome> invoke(TriggerCall call) {
        String query = call.rawQuery() == null ? "" : "?" + call.rawQuery();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(baseUrl + "/function/" + call.function() + call.path() + query))
                .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        // The gateway's adapter sets it through CallIdHeaders; this test adapter the same way.
        request.header("X-Call-Id", call.callId());
        extraHeaders.forEach(request::header);
        long start = System.nanoTime();
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> new InvocationOutcome(
                        response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(null),
                        response.body(),
                        Duration.ofNanos(System.nanoTime() - start)));
    }
}
