package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.dag.run.Payload;
import dev.edgeway.dag.run.StepCall;
import dev.edgeway.gateway.invoke.BodyBytes;
import dev.edgeway.gateway.invoke.CallIds;
import dev.edgeway.gateway.invoke.InvocationResult;
import dev.edgeway.gateway.pipeline.JsonSniffer;
import dev.edgeway.gateway.proxy.CallIdHeaders;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What function and {@code http} steps share: the request (the runner's headers, the input's
 * content type, sniffed from the bytes only where it is not known, a call id, the input as the
 * body) and reading the answer. A 2xx answer's body is the output, with the answer's
 * {@code Content-Type} when it has a valid one; anything else fails the attempt with the status
 * and the start of the body.
 */
final class StepRequests {

    private static final int ERROR_BODY_CHARS = 300;

    private StepRequests() {}

    static HttpHeaders headers(StepCall call) {
        HttpHeaders headers = new HttpHeaders();
        call.headers().forEach(headers::set);
        if (call.contentType() != null) {
            headers.set(HttpHeaders.CONTENT_TYPE, call.contentType());
        } else {
            headers.setContentType(JsonSniffer.contentType(call.input()));
        }
        headers.setContentLength(call.input().length);
        headers.set(CallIdHeaders.CALL_ID, CallIds.random());
        return headers;
    }

    static Flux<DataBuffer> body(StepCall call) {
        return BodyBytes.of(call.input());
    }

    /** The answer's body and content type, or a {@link StepCallException} naming the target. */
    static Mono<Payload> answer(Mono<InvocationResult> call, String target, long maxOutput) {
        return call.flatMap(answer -> read(answer, target, maxOutput))
                .onErrorMap(e -> !(e instanceof StepCallException), e -> {
                    if (e instanceof DataBufferLimitException) {
                        return new StepCallException(target + ": output larger than " + maxOutput
                                + " bytes (expected: at most " + maxOutput + ", the state store's largest value)");
                    }
                    return new StepCallException(target + ": " + describe(e));
                });
    }

    private static Mono<Payload> read(InvocationResult answer, String target, long maxOutput) {
        return BodyBytes.join(answer.body(), maxOutput)
                .flatMap(bytes -> answer.status() / 100 == 2
                        ? Mono.just(new Payload(bytes, contentType(answer.headers())))
                        : Mono.error(
                                new StepCallException(target + " answered " + answer.status() + errorText(bytes))));
    }

    /** The answer's media type in normal form, or null when it sent none, a wildcard or one that does not parse. */
    private static @Nullable String contentType(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            MediaType type = MediaType.parseMediaType(value);
            return type.isConcrete() ? type.toString() : null;
        } catch (InvalidMediaTypeException e) {
            return null; // told from the bytes instead, as for an answer without one
        }
    }

    private static String errorText(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > ERROR_BODY_CHARS ? text.substring(0, ERROR_BODY_CHARS) + "..." : text);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
