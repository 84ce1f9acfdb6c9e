package dev.edgeway.gateway.provider.faas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.EdgewayApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole gateway in front of a faas-provider, configured the OpenFaaS way: its own
 * credentials from the secret mount, sent to the provider on {@code /system} and {@code /healthz}.
 */
@SpringBootTest(
        classes = EdgewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "edgeway.gateway.data-dir=target/it-data/${random.uuid}",
            "edgeway.gateway.provider=faas",
            "edgeway.gateway.auth.basic-auth=true",
            "edgeway.storage.enabled=false",
        })
@AutoConfigureWebTestClient
class FaasGatewayIT {

    @RegisterExtension
    static final FaasProviderExtension faas = new FaasProviderExtension();

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("edgeway.gateway.provider-url", () -> faas.server().url().toString());
        registry.add("edgeway.gateway.auth.secret-mount-path", FaasGatewayIT::secretMount);
    }

    @Test
    void answersHealthByAskingTheProviderWithItsOwnCredentials() {
        client.get()
                .uri("/healthz")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("OK");

        FaasProviderServer.Received call = faas.server().received().getLast();
        assertThat(call.path()).isEqualTo("/healthz");
        assertThat(call.authorization()).isEqualTo(gatewayCredentials());
    }

    @Test
    void deploysListsAndInvokesThroughTheProvider() {
        client.post()
                .uri("/system/functions")
                .header("Authorization", gatewayCredentials())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"service\":\"echo\",\"image\":\"ghcr.io/example/echo:1\"}")
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody()
                .isEmpty();
        client.get()
                .uri("/system/functions")
                .header("Authorization", gatewayCredentials())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].name")
                .isEqualTo("echo");

        client.post()
                .uri("/function/echo/sub?q=1")
                .bodyValue("hello")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("echo: hello");
        assertThat(faas.function().received().getLast().path()).isEqualTo("/sub");
    }

    private static String gatewayCredentials() {
        return FaasProviderExtension.credentials(FaasProviderExtension.USER, FaasProviderExtension.PASSWORD);
    }

    /** The gateway's basic-auth files, the same credentials the test provider enforces. */
    private static String secretMount() {
        try {
            Path dir = Files.createTempDirectory("edgeway-faas-secrets");
            Files.writeString(dir.resolve("basic-auth-user"), FaasProviderExtension.USER + "\n");
            Files.writeString(dir.resolve("basic-auth-password"), FaasProviderExtension.PASSWORD + "\n");
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
