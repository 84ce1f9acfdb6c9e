package dev.edgeway.gateway.provider.faas;

import dev.edgeway.gateway.provider.ProviderException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.codec.CodecException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.UnsupportedMediaTypeException;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Calls one faas-provider base URL with the gateway's own credentials. A non-2xx answer becomes
 * a {@link ProviderException} with the provider's status and text, so the caller sees what the
 * provider said; a provider that cannot be reached becomes a 502, one that does not answer in
 * time a 504.
 */
final class ProviderApi {

    private final WebClient client;
    private final URI base;
    private final @Nullable String authorization;
    private final Duration timeout;

    ProviderApi(WebClient client, URI base, @Nullable String authorization, Duration timeout) {
        this.client = client;
        this.base = base;
        this.authorization = authorization;
        this.timeout = timeout;
    }

    /** {@code path} under the base URL, with query parameters given as name, value pairs; null values are left out. */
    URI uri(String path, @Nullable String... query) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromUri(base).path(path);
        for (int i = 0; i + 1 < query.length; i += 2) {
            if (query[i + 1] != null) {
                builder.queryParam(query[i], query[i + 1]);
            }
        }
        return builder.encode().build().toUri();
    }

    /** A GET whose 2xx body is read as {@code type}. */
    <T> Mono<T> get(URI uri, ParameterizedTypeReference<T> type) {
        return exchange(HttpMethod.GET, uri, null, response -> read(response, type));
    }

    /** A GET whose 2xx body is read as {@code type} and whose 404 gives {@code whenNotFound}. */
    <T> Mono<T> getOr(URI uri, ParameterizedTypeReference<T> type, Mono<T> whenNotFound) {
        return exchange(
                HttpMethod.GET,
                uri,
                null,
                response -> response.statusCode().isSameCodeAs(HttpStatus.NOT_FOUND)
                        ? response.releaseBody().then(whenNotFound)
                        : read(response, type));
    }

    /** A call whose 2xx answer carries nothing the caller needs. */
    Mono<Void> send(HttpMethod method, URI uri, @Nullable Object body) {
        return exchange(method, uri, body, ProviderApi::accept);
    }

    /** A call whose answer {@code handle} turns into a result; the whole call is bounded by the timeout. */
    <T> Mono<T> exchange(HttpMethod method, URI uri, @Nullable Object body, Function<ClientResponse, Mono<T>> handle) {
        WebClient.RequestBodySpec request = client.method(method).uri(uri).headers(this::authorize);
        WebClient.RequestHeadersSpec<?> withBody = body == null ? request : request.bodyValue(body);
        return withBody.exchangeToMono(handle).timeout(timeout).onErrorMap(e -> translate(method, uri, e));
    }

    /**
     * A GET whose 2xx body is newline-delimited JSON, decoded line by line as it arrives. No
     * timeout: a followed log stream is quiet for as long as the function is; the caller bounds it.
     */
    <T> Flux<T> stream(URI uri, Class<T> type) {
        return client.get()
                .uri(uri)
                .headers(this::authorize)
                .accept(MediaType.APPLICATION_NDJSON)
                .exchangeToFlux(response -> response.statusCode().is2xxSuccessful()
                        ? response.bodyToFlux(type)
                        : ProviderApi.<T>refuse(response).flux())
                .onErrorMap(e -> translate(HttpMethod.GET, uri, e));
    }

    static <T> Mono<T> read(ClientResponse response, ParameterizedTypeReference<T> type) {
        return response.statusCode().is2xxSuccessful() ? response.bodyToMono(type) : refuse(response);
    }

    static Mono<Void> accept(ClientResponse response) {
        return response.statusCode().is2xxSuccessful() ? response.releaseBody() : refuse(response);
    }

    /** Fails with the provider's own status and its body as the message. */
    static <T> Mono<T> refuse(ClientResponse response) {
        int code = response.statusCode().value();
        return response.bodyToMono(String.class)
                .defaultIfEmpty("")
                .flatMap(body -> Mono.error(refusal(code, body.strip())));
    }

    static ProviderException refusal(int code, String text) {
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null) {
            return new ProviderException(HttpStatus.BAD_GATEWAY, "provider answered " + code + ": " + text);
        }
        return new ProviderException(status, text.isEmpty() ? "provider answered " + code : text);
    }

    private void authorize(HttpHeaders headers) {
        if (authorization != null) {
            headers.set(HttpHeaders.AUTHORIZATION, authorization);
        }
    }

    private Throwable translate(HttpMethod method, URI uri, Throwable e) {
        if (e instanceof ProviderException) {
            return e;
        }
        String call = method.name() + " " + uri.getPath();
        if (e instanceof TimeoutException) {
            return new ProviderException(
                    HttpStatus.GATEWAY_TIMEOUT, "provider did not answer within " + timeout + ": " + call);
        }
        String cause = NestedExceptionUtils.getMostSpecificCause(e).toString();
        if (e instanceof CodecException || e instanceof UnsupportedMediaTypeException) {
            return new ProviderException(
                    HttpStatus.BAD_GATEWAY, "unreadable answer from provider: " + call + ": " + cause);
        }
        return new ProviderException(
                HttpStatus.BAD_GATEWAY,
                "provider unreachable: " + uri.getHost() + ":" + uri.getPort() + ": " + cause + " (" + call + ")");
    }
}
