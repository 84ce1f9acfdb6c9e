package dev.edgeway.gateway.async;

import dev.edgeway.gateway.proxy.CallIdHeaders;
import dev.edgeway.gateway.proxy.HopByHopHeaders;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * POSTs a call's outcome to its {@code X-Callback-Url} as OpenFaaS's queue-worker does: the
 * function's body and headers plus {@code X-Function-Status}, {@code X-Function-Name},
 * {@code X-Duration-Seconds} and {@code X-Call-Id}. Unlike OpenFaaS, a callback that fails
 * (unreachable, 429 or 5xx) is tried again with backoff.
 */
final class Callback {

    private static final Logger log = LoggerFactory.getLogger(Callback.class);

    private final WebClient client;
    private final AsyncProperties.Callback settings;

    Callback(WebClient client, AsyncProperties.Callback settings) {
        this.client = client;
        this.settings = settings;
    }

    /** Sends the callback; completes empty whatever happens, after the last try. */
    Mono<Void> send(URI target, QueueRequest request, Outcome outcome, Duration took) {
        return client.post()
                .uri(target)
                .headers(headers -> {
                    outcome.headers().forEach((name, values) -> {
                        if (!HopByHopHeaders.isHopByHop(name)
                                && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)
                                && !name.equalsIgnoreCase(HttpHeaders.HOST)) {
                            headers.addAll(name, values);
                        }
                    });
                    headers.set(AsyncHeaders.FUNCTION_STATUS, Integer.toString(outcome.status()));
                    headers.set(AsyncHeaders.FUNCTION_NAME, request.function());
                    headers.set(
                            AsyncHeaders.DURATION_SECONDS,
                            String.format(Locale.ROOT, "%f", took.toNanos() / 1_000_000_000.0));
                    headers.set(CallIdHeaders.CALL_ID, request.callId());
                })
                .bodyValue(outcome.body())
                .retrieve()
                .toBodilessEntity()
                .timeout(settings.timeout())
                .retryWhen(Retry.backoff(settings.attempts() - 1L, settings.minWait())
                        .filter(Callback::worthRetrying))
                .doOnError(e -> log.warn(
                        "Callback of call {} ({}) to {} failed: {}",
                        request.callId(),
                        request.function(),
                        target,
                        e.toString()))
                .onErrorComplete()
                .then();
    }

    private static boolean worthRetrying(Throwable error) {
        if (error instanceof WebClientResponseException response) {
            int status = response.getStatusCode().value();
            return status == 429 || status >= 500;
        }
        return true;
    }
}
