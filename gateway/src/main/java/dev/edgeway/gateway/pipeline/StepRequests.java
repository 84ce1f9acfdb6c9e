package dev.edgeway.gateway.pipeline;

import dev.edgeway.dag.run.StepCall;
import dev.edgeway.gateway.invoke.InvocationResult;
import dev.edgeway.gateway.proxy.CallIdHeaders;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What function and {@code http} steps share: the request (the runner's headers, a content type
 * sniffed from the input, a call id, the input as the body) and waiting for the answer on the
 * step's own thread. A 2xx answer's body is the output; anything else fails the attempt with
 * the status and the start of the body. When the runner abandons the attempt (timeout, cancel)
 * it interrupts the thread, and the call is cancelled: the connection or forked process goes.
 */
final class StepRequests {

    private static final int ERROR_BODY_CHARS = 300;

    private StepRequests() {}

    static HttpHeaders headers(StepCall call) {
        HttpHeaders headers = new HttpHeaders();
        call.headers().forEach(headers::set);
        headers.setContentType(JsonSniffer.contentType(call.input()));
        headers.setContentLength(call.input().length);
        headers.set(CallIdHeaders.CALL_ID, UUID.randomUUID().toString());
        return headers;
    }

    static Flux<DataBuffer> body(StepCall call) {
        return call.input().length == 0
                ? Flux.empty()
                : Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(call.input()));
    }

    /** Waits for the answer and returns its body, or throws {@link StepCallException}. */
    static byte[] await(Mono<InvocationResult> call, String target, long maxOutput) throws Exception {
        CompletableFuture<byte[]> result =
                call.flatMap(answer -> read(answer, target, maxOutput)).toFuture();
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StepCallException failed) {
                throw failed;
            }
            if (cause instanceof DataBufferLimitException) {
                throw new StepCallException(target + ": output larger than " + maxOutput + " bytes (expected: at most "
                        + maxOutput + ", the state store's largest value)");
            }
            throw new StepCallException(target + ": " + describe(cause));
        }
    }

    private static Mono<byte[]> read(InvocationResult answer, String target, long maxOutput) {
        return DataBufferUtils.join(answer.body(), (int) Math.min(maxOutput, Integer.MAX_VALUE))
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .flatMap(bytes -> answer.status() / 100 == 2
                        ? Mono.just(bytes)
                        : Mono.error(
                                new StepCallException(target + " answered " + answer.status() + errorText(bytes))));
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
