package dev.edgeway.sdk.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Sends {@link HttpCall}s to the gateway with the JDK HTTP client: one base URL, preemptive basic
 * auth when configured, one timeout per call, whole bodies in both directions.
 */
public final class JdkHttpTransport implements AutoCloseable {

    private static final System.Logger log = System.getLogger(JdkHttpTransport.class.getName());

    private final HttpClient client;
    private final boolean ownsClient;
    private final String baseUrl;
    private final @Nullable String authorization;
    private final Duration timeout;

    /**
     * A transport.
     *
     * @param client the HTTP client
     * @param ownsClient whether {@link #close()} closes the client
     * @param baseUrl the gateway's URL, such as {@code http://gateway:8080}
     * @param authorization the {@code Authorization} header value, or null for none
     * @param timeout the longest a call may take, response body included
     */
    public JdkHttpTransport(
            HttpClient client, boolean ownsClient, URI baseUrl, @Nullable String authorization, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        String base = baseUrl.toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.authorization = authorization;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The absolute URI of a call.
     *
     * @param call the call
     * @return the base URL joined with the call's path
     */
    public URI uri(HttpCall call) {
        return URI.create(baseUrl + call.path());
    }

    /**
     * Sends a call and reads the whole response.
     *
     * @param call the call
     * @return the response, whatever its status
     * @throws IOException when there is no response: connection refused, reset or timed out
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public HttpResult send(HttpCall call) throws IOException, InterruptedException {
        byte[] body = call.body();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(call))
                .timeout(timeout)
                .method(
                        call.method(),
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        call.headers().forEach(request::header);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        log.log(System.Logger.Level.DEBUG, "{0} -> {1}", call, response.statusCode());
        return new HttpResult(response.statusCode(), response.headers(), response.body());
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
