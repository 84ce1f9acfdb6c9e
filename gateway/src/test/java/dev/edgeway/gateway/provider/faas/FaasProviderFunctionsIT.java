package dev.edgeway.gateway.provider.faas;

import static dev.edgeway.gateway.provider.faas.FaasProviderExtension.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.gateway.provider.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpStatus;

@Timeout(30)
class FaasProviderFunctionsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final FaasProviderExtension faas = new FaasProviderExtension();

    @Test
    void deploysThenListsAndDescribesTheFunction() {
        faas.provider()
                .deploy(deployment("env", "ghcr.io/openfaas/alpine:latest"))
                .block(WAIT);

        List<FunctionStatus> functions = faas.provider().list(NAMESPACE).block(WAIT);
        FunctionStatus status = faas.provider().status("env", NAMESPACE).block(WAIT);

        assertThat(functions).extracting(FunctionStatus::name).containsExactly("env");
        assertThat(status).isNotNull();
        assertThat(status.image()).isEqualTo("ghcr.io/openfaas/alpine:latest");
        assertThat(status.namespace()).isEqualTo(NAMESPACE);
        assertThat(status.envProcess()).isEqualTo("env");
        assertThat(status.labels()).containsEntry("faas_function", "env").containsEntry("team", "edge");
        assertThat(status.annotations()).containsEntry("topic", "orders");
        assertThat(status.availableReplicas()).isEqualTo(1);
    }

    @Test
    void listsNothingInAnEmptyNamespace() {
        assertThat(faas.provider().list("staging").block(WAIT)).isEmpty();
    }

    @Test
    void readsAListLargerThanWebClientsDefaultBuffer() {
        String large = "x".repeat(300 * 1024);
        FunctionDeployment big = deployment("big", "alpine");
        faas.provider()
                .deploy(new FunctionDeployment(
                        big.service(),
                        big.image(),
                        NAMESPACE,
                        null,
                        Map.of(),
                        List.of(),
                        List.of(),
                        Map.of(),
                        Map.of("description", large),
                        null,
                        null,
                        false))
                .block(WAIT);

        assertThat(faas.provider().list(NAMESPACE).block(WAIT))
                .singleElement()
                .satisfies(f -> assertThat(f.annotations().get("description")).hasSize(large.length()));
    }

    @Test
    void sendsTheGatewayCredentialsOnEverySystemCall() {
        faas.provider().deploy(deployment("env", "alpine")).block(WAIT);
        faas.provider().list(NAMESPACE).block(WAIT);
        faas.provider().scale("env", NAMESPACE, 2).block(WAIT);

        assertThat(faas.server().received()).hasSize(3).allSatisfy(r -> assertThat(r.authorization())
                .isEqualTo(FaasProviderExtension.credentials("admin", "s3cr3t-pa55")));
    }

    @Test
    void answersEmptyForAnUnknownFunction() {
        assertThat(faas.provider().status("ghost", NAMESPACE).blockOptional(WAIT))
                .isEmpty();
    }

    @Test
    void updatesAnExistingFunction() {
        faas.provider().deploy(deployment("env", "alpine:3.19")).block(WAIT);

        faas.provider().update(deployment("env", "alpine:3.20")).block(WAIT);

        assertThat(faas.provider().status("env", NAMESPACE).block(WAIT))
                .extracting(FunctionStatus::image)
                .isEqualTo("alpine:3.20");
        assertThat(faas.server().received().get(1).method()).isEqualTo("PUT");
    }

    @Test
    void failsWithNotFoundWhenUpdatingAnUnknownFunction() {
        assertThatThrownBy(() ->
                        faas.provider().update(deployment("ghost", "alpine")).block(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("deployments.apps \"ghost\" not found");
                });
    }

    @Test
    void passesTheProvidersValidationErrorThrough() {
        assertThatThrownBy(() -> faas.provider().deploy(deployment("env", "")).block(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("validation failed: image: is required");
                });
    }

    @Test
    void passesTheProvidersServerErrorThroughWithItsText() {
        faas.provider().deploy(deployment("env", "alpine")).block(WAIT);

        assertThatThrownBy(() ->
                        faas.provider().deploy(deployment("env", "alpine")).block(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
                    assertThat(e.getMessage())
                            .isEqualTo("unable create Deployment: deployments.apps \"env\" already exists");
                });
    }

    @Test
    void deletesWithTheFunctionNameAndNamespaceInTheBody() {
        faas.provider().deploy(deployment("env", "alpine")).block(WAIT);

        faas.provider().delete("env", NAMESPACE).block(WAIT);

        FaasProviderServer.Received delete = faas.server().received().get(1);
        assertThat(delete.method()).isEqualTo("DELETE");
        assertThat(delete.path()).isEqualTo("/system/functions");
        assertThat(delete.body()).isEqualTo("{\"functionName\":\"env\",\"namespace\":\"openfaas-fn\"}");
        assertThat(faas.provider().list(NAMESPACE).block(WAIT)).isEmpty();
    }

    @Test
    void failsWithNotFoundWhenDeletingAnUnknownFunction() {
        assertThatThrownBy(() -> faas.provider().delete("ghost", NAMESPACE).block(WAIT))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND));
    }

    @Test
    void scalesWithAScaleServiceRequest() {
        faas.provider().deploy(deployment("env", "alpine")).block(WAIT);

        faas.provider().scale("env", NAMESPACE, 0).block(WAIT);

        FaasProviderServer.Received scale = faas.server().received().get(1);
        assertThat(scale.path()).isEqualTo("/system/scale-function/env");
        assertThat(scale.query()).isEqualTo("namespace=openfaas-fn");
        assertThat(scale.body()).isEqualTo("{\"serviceName\":\"env\",\"replicas\":0,\"namespace\":\"openfaas-fn\"}");
        assertThat(faas.provider().status("env", NAMESPACE).block(WAIT))
                .extracting(FunctionStatus::replicas)
                .isEqualTo(0L);
    }

    @Test
    void failsWithNotFoundWhenScalingAnUnknownFunction() {
        assertThatThrownBy(() -> faas.provider().scale("ghost", NAMESPACE, 2).block(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("deployments.apps \"ghost\" not found");
                });
    }

    private static FunctionDeployment deployment(String name, String image) {
        return new FunctionDeployment(
                name,
                image,
                NAMESPACE,
                "env",
                Map.of("write_debug", "true"),
                List.of(),
                List.of(),
                Map.of("team", "edge"),
                Map.of("topic", "orders"),
                null,
                null,
                false);
    }
}
