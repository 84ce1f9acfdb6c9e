package dev.edgeway.gateway.provider.faas;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.config.OpenFaasJson;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Starts, per test class, a real function replica, a real test faas-provider with basic auth in
 * front of it, and the {@link FaasProvider} under test; state is cleared before each test.
 */
final class FaasProviderExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    static final String USER = "admin";
    static final String PASSWORD = "s3cr3t-pa55";
    static final String NAMESPACE = FaasProviderServer.DEFAULT_NAMESPACE;

    private final List<AutoCloseable> started = new ArrayList<>();
    private @Nullable EchoFunction function;
    private @Nullable FaasProviderServer server;
    private @Nullable HttpUpstreams upstreams;
    private @Nullable FaasProvider provider;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        function = started(EchoFunction.start());
        server = started(FaasProviderServer.start(function.url(), USER, PASSWORD, List.of(NAMESPACE, "staging")));
        upstreams = started(new HttpUpstreams(16, Duration.ofSeconds(5)));
        provider = provider(Map.of("provider-url", server.url().toString()), credentials(USER, PASSWORD));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server().clear();
        function().clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (AutoCloseable closeable : started.reversed()) {
            closeable.close();
        }
        started.clear();
    }

    FaasProvider provider() {
        return require(provider);
    }

    FaasProviderServer server() {
        return require(server);
    }

    EchoFunction function() {
        return require(function);
    }

    /** Another provider under test, closed with the class; settings are {@code edgeway.gateway.*} names. */
    FaasProvider provider(Map<String, String> settings, @Nullable String authorization) {
        return started(
                new FaasProvider(properties(settings), authorization, require(upstreams), OpenFaasJson.mapper()));
    }

    /** Another test faas-provider in front of the same replica, stopped with the class. */
    FaasProviderServer server(@Nullable String user, @Nullable String password, List<String> namespaces)
            throws Exception {
        return started(FaasProviderServer.start(function().url(), user, password, namespaces));
    }

    static String credentials(String user, String password) {
        return new ProviderCredentials(user, password).authorization();
    }

    /** Binds the properties as the application does, so every unset one takes its default. */
    static GatewayProperties properties(Map<String, String> settings) {
        Map<String, String> values = new HashMap<>();
        values.put("edgeway.gateway.provider", "faas");
        settings.forEach((k, v) -> values.put("edgeway.gateway." + k, v));
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("edgeway.gateway", GatewayProperties.class);
    }

    private <T extends AutoCloseable> T started(T closeable) {
        started.add(closeable);
        return closeable;
    }

    private static <T> T require(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("FaasProviderExtension: not started (expected: @RegisterExtension static)");
        }
        return value;
    }
}
