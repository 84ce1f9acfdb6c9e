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
import tools.jackson.databind.json.JsonMapper;

/**
 * The pooled, non-blocking HTTP client for the provider's API, apart from the function
 * invocation pool so that long log streams never hold a connection a function call needs.
 */
final class ProviderConnection implements AutoCloseable {

    // A list of many functions is far larger than WebClient's 256 KiB default.
    private static final DataSize MAX_ANSWER = DataSize.ofMegabytes(16);

    private final ConnectionProvider pool;
    private final WebClient client;
    private final Duration timeout;

    /** {@code json}: OpenFaaS's wire dialect ({@code OpenFaasJson}), as Go's faas-providers write it. */
    ProviderConnection(int maxConnections, Duration timeout, JsonMapper json) {
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
                    codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(json));
                    codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(json));
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
