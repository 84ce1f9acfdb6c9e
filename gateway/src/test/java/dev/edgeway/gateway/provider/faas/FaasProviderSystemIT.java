package dev.edgeway.gateway.provider.faas;

import static dev.edgeway.gateway.provider.faas.FaasProviderExtension.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.ProviderInfo;
import dev.edgeway.gateway.provider.Secret;
import dev.edgeway.gateway.provider.VersionInfo;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpStatus;

@Timeout(30)
class FaasProviderSystemIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final FaasProviderExtension faas = new FaasProviderExtension();

    @Test
    void readsTheProviderInfoWithItsWireNames() {
        ProviderInfo info = faas.provider().info().block(WAIT);

        assertThat(info)
                .isEqualTo(new ProviderInfo(
                        "faas-netes-ce", "kubernetes", new VersionInfo("Serve from memory", "a1b2c3d", "0.18.13")));
    }

    @Test
    void listsTheProvidersNamespaces() {
        assertThat(faas.provider().namespaces().block(WAIT)).containsExactly(NAMESPACE, "staging");
    }

    @Test
    void answersTheDefaultNamespaceWhenTheProviderHasNoNamespaces() throws Exception {
        FaasProviderServer plain = faas.server(null, null, List.of());
        FaasProvider provider = faas.provider(Map.of("provider-url", plain.url().toString()), null);

        assertThat(provider.namespaces().block(WAIT)).containsExactly(NAMESPACE);
    }

    @Test
    void createsListsUpdatesAndDeletesSecrets() {
        faas.provider()
                .createSecret(new Secret("db-password", NAMESPACE, "hunter2", null))
                .block(WAIT);
        faas.provider()
                .createSecret(new Secret("tls-key", NAMESPACE, null, new byte[] {0, 1, 2}))
                .block(WAIT);

        assertThat(faas.provider().secrets(NAMESPACE).block(WAIT))
                .extracting(Secret::name, Secret::namespace, Secret::value)
                .containsExactlyInAnyOrder(tuple("db-password", NAMESPACE, null), tuple("tls-key", NAMESPACE, null));
        assertThat(faas.server().secrets().value("tls-key", NAMESPACE)).containsExactly(0, 1, 2);

        faas.provider()
                .updateSecret(new Secret("db-password", NAMESPACE, "correct horse", null))
                .block(WAIT);
        assertThat(new String(faas.server().secrets().value("db-password", NAMESPACE), StandardCharsets.UTF_8))
                .isEqualTo("correct horse");

        faas.provider().deleteSecret("db-password", NAMESPACE).block(WAIT);
        assertThat(faas.server().received().getLast().body())
                .isEqualTo("{\"name\":\"db-password\",\"namespace\":\"openfaas-fn\"}");
        assertThat(faas.provider().secrets(NAMESPACE).block(WAIT))
                .extracting(Secret::name)
                .containsExactly("tls-key");
    }

    @Test
    void failsWithConflictWhenTheSecretExists() {
        faas.provider()
                .createSecret(new Secret("api-key", NAMESPACE, "one", null))
                .block(WAIT);

        assertThatThrownBy(() -> faas.provider()
                        .createSecret(new Secret("api-key", NAMESPACE, "two", null))
                        .block(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(e.getMessage()).isEqualTo("secrets \"api-key\" already exists");
                });
    }

    @Test
    void failsWithNotFoundForAnUnknownSecret() {
        assertThatThrownBy(() -> faas.provider()
                        .updateSecret(new Secret("ghost", NAMESPACE, "x", null))
                        .block(WAIT))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND));
        assertThatThrownBy(
                        () -> faas.provider().deleteSecret("ghost", NAMESPACE).block(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("secrets \"ghost\" not found");
                });
    }

    @Test
    void checksHealthWithTheGatewayCredentials() {
        faas.provider().health().block(WAIT);

        assertThat(faas.server().received()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/healthz");
            assertThat(r.authorization()).isEqualTo(FaasProviderExtension.credentials("admin", "s3cr3t-pa55"));
        });
    }

    @Test
    void passesTheProvidersUnauthorizedThroughForWrongCredentials() {
        FaasProvider wrong = faas.provider(
                Map.of("provider-url", faas.server().url().toString()),
                FaasProviderExtension.credentials("admin", "guess"));

        assertThatThrownBy(() -> wrong.list(NAMESPACE).block(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
                    assertThat(e.getMessage()).isEqualTo("invalid credentials");
                });
    }

    @Test
    void acceptsAProviderUrlWithATrailingSlash() {
        FaasProvider slashed = faas.provider(
                Map.of("provider-url", faas.server().url() + "/"),
                FaasProviderExtension.credentials("admin", "s3cr3t-pa55"));

        assertThat(slashed.list(NAMESPACE).block(WAIT)).isEmpty();
        assertThat(faas.server().received().getLast().path()).isEqualTo("/system/functions");
    }

    @Test
    void reportsAnUnreachableProviderAsBadGateway() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        FaasProvider unreachable = faas.provider(Map.of("provider-url", "http://127.0.0.1:" + port), null);

        assertThatThrownBy(() -> unreachable.list(NAMESPACE).block(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
                    assertThat(e.getMessage())
                            .startsWith("provider unreachable: 127.0.0.1:" + port + ": ")
                            .contains("Connection refused")
                            .endsWith("(GET /system/functions)");
                });
    }

    @Test
    void reportsASilentProviderAsGatewayTimeout() throws Exception {
        // Connections complete in the backlog, but nothing ever answers.
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            FaasProvider provider = faas.provider(
                    Map.of("provider-url", "http://127.0.0.1:" + silent.getLocalPort(), "upstream-timeout", "300ms"),
                    null);

            assertThatThrownBy(() -> provider.info().block(WAIT)).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
                assertThat(e.getMessage()).isEqualTo("provider did not answer within PT0.3S: GET /system/info");
            });
        }
    }
}
