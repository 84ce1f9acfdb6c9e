package dev.edgeway.gateway.provider.faas;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pooled, non-blocking HTTP client for the provider's API, apart from the function
 * invocation pool so that long log streams never hold a connection a function call needs.
 */
final class ProviderConnection implements AutoCloseable {

    // A list of many functions is far larger than WebClient's 256 KiB default.
    private static final DataSize MAX_ANSWER = DataSize.ofMegabytes(16);

    /**
     * Reads JSON as Go's {@code encoding/json} writes and reads it: a field left out by
     * {@code omitempty} ({@code replicas}, {@code readOnlyRootFilesystem}, ...) is its zero value,
     * where Jackson 3 by default refuses a missing primitive; keys match case-insensitively.
     */
    private static final JsonMapper GO_JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .build();

    private final ConnectionProvider pool;
    private final WebClient client;
    private final Duration timeout;

    ProviderConnection(int maxConnections, Duration timeout) {
        this.pool = ConnectionProvider.builder("edgeway-faas-provider")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(90))
                .build();
        HttpClient http = HttpClient.create(pool)
                .followRedirect(false)
                .compress(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> {
                    codecs.defaultCodecs().maxInMemorySize((int) MAX_ANSWER.toBytes());
                    codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(GO_JSON));
                    codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(GO_JSON));
                })
                .build();
        this.timeout = timeout;
    }

    /** The provider API at {@code base}, called with {@code authorization} when set. */
    ProviderApi api(URI base, @Nullable String authorization) {
        return new ProviderApi(client, base, authorization, timeout);
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
