package dev.edgeway.gateway.provider.local;

import static dev.edgeway.gateway.provider.local.TestFunctions.NS;
import static dev.edgeway.gateway.provider.local.TestFunctions.WAIT;
import static dev.edgeway.gateway.provider.local.TestFunctions.call;
import static dev.edgeway.gateway.provider.local.TestFunctions.deployment;
import static dev.edgeway.gateway.provider.local.TestFunctions.get;
import static dev.edgeway.gateway.provider.local.TestFunctions.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.gateway.provider.LogRequest;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.ProviderInfo;
import dev.edgeway.gateway.provider.Secret;
import dev.edgeway.gateway.provider.VersionInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

/** The provider's API: validation, conflicts, lookups and what it says about itself. */
@Timeout(60)
class LocalProviderIT {

    @TempDir
    Path dir;

    private HttpUpstreams upstreams;
    private LocalProvider provider;

    @BeforeEach
    void start() {
        upstreams = new HttpUpstreams(4, Duration.ofSeconds(10));
        provider = new LocalProvider(
                TestFunctions.properties(dir.resolve("data")), upstreams, new VersionInfo(null, "abc123", "0.1.0"));
    }

    @AfterEach
    void stop() {
        provider.destroy();
        upstreams.close();
    }

    @Test
    void showsADeployedFunction() {
        provider.deploy(deployment("cat", "cat")).block(WAIT);

        FunctionStatus status = provider.status("cat", NS).block(WAIT);

        assertThat(status.name()).isEqualTo("cat");
        assertThat(status.namespace()).isEqualTo(NS);
        assertThat(status.image()).isEqualTo("ghcr.io/openfaas/alpine:latest");
        assertThat(status.labels()).containsEntry("faas_function", "cat");
        assertThat(status.annotations()).containsEntry("topic", "orders");
        assertThat(status.replicas()).isEqualTo(1);
        assertThat(status.availableReplicas()).isEqualTo(1);
        assertThat(status.createdAt()).isAfter(FunctionStatus.UNKNOWN_CREATION);
        assertThat(provider.list(NS).block(WAIT))
                .extracting(FunctionStatus::name)
                .containsExactly("cat");
        assertThat(provider.list("dev").block(WAIT)).isEmpty();
        assertThat(provider.status("dog", NS).blockOptional(WAIT)).isEmpty();
    }

    @Test
    void requiresAProcessToRun() {
        assertStatus(() -> provider.deploy(deployment("image-only", null)).block(WAIT), HttpStatus.BAD_REQUEST)
                .contains("envProcess");
    }

    @Test
    void rejectsInvalidNamesAndUnknownNamespaces() {
        assertStatus(() -> provider.deploy(deployment("Bad_Name", "cat")).block(WAIT), HttpStatus.BAD_REQUEST)
                .isEqualTo("validation failed: service: (Bad_Name) is invalid, must be a valid DNS entry");
        assertStatus(
                        () -> provider.deploy(deployment("ok", "cat").inNamespace("prod"))
                                .block(WAIT),
                        HttpStatus.BAD_REQUEST)
                .isEqualTo("namespace must be one of: openfaas-fn, dev");
        assertStatus(() -> provider.list("prod").block(WAIT), HttpStatus.BAD_REQUEST);
    }

    @Test
    void refusesToDeployTwiceAndToChangeWhatIsNotThere() {
        provider.deploy(deployment("twice", "cat")).block(WAIT);

        assertStatus(() -> provider.deploy(deployment("twice", "cat")).block(WAIT), HttpStatus.CONFLICT);
        assertStatus(() -> provider.update(deployment("absent", "cat")).block(WAIT), HttpStatus.NOT_FOUND);
        assertStatus(() -> provider.delete("absent", NS).block(WAIT), HttpStatus.NOT_FOUND);
        assertStatus(() -> provider.scale("absent", NS, 1).block(WAIT), HttpStatus.NOT_FOUND);
        assertStatus(() -> provider.upstream("absent", NS).block(WAIT), HttpStatus.NOT_FOUND)
                .isEqualTo("error finding function absent.openfaas-fn: function not found");
        assertStatus(
                () -> provider.logs(new LogRequest("absent", NS, null, -1, false, null))
                        .blockLast(WAIT),
                HttpStatus.NOT_FOUND);
    }

    @Test
    void updatesInPlaceKeepingCreationTimeAndReplicas() throws Exception {
        provider.deploy(deployment("greet", "echo hello")).block(WAIT);
        provider.scale("greet", NS, 3).block(WAIT);
        FunctionStatus before = provider.status("greet", NS).block(WAIT);

        provider.update(deployment("greet", "echo bonjour")).block(WAIT);

        FunctionStatus after = provider.status("greet", NS).block(WAIT);
        assertThat(after.envProcess()).isEqualTo("echo bonjour");
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.replicas()).isEqualTo(3);
        assertThat(call(provider.upstream("greet", NS).block(WAIT), get("greet"))
                        .body())
                .isEqualTo("bonjour\n");
    }

    @Test
    void deletesAFunction() {
        provider.deploy(deployment("gone", "cat")).block(WAIT);

        provider.delete("gone", NS).block(WAIT);

        assertThat(provider.status("gone", NS).blockOptional(WAIT)).isEmpty();
        provider.deploy(deployment("gone", "cat")).block(WAIT);
    }

    @Test
    void refusesCallsWhileScaledToZero() {
        provider.deploy(deployment("idle", "cat", Map.of(), Map.of(StoredFunction.MIN_SCALE, "0"), List.of()))
                .block(WAIT);

        assertThat(provider.status("idle", NS).block(WAIT).replicas()).isZero();
        assertStatus(() -> provider.upstream("idle", NS).block(WAIT), HttpStatus.SERVICE_UNAVAILABLE)
                .isEqualTo("No endpoints available for: idle.");

        provider.scale("idle", NS, 1).block(WAIT);
        assertThat(provider.upstream("idle", NS).block(WAIT)).isNotNull();
    }

    @Test
    void requiresTheSecretsADeploymentNames() throws Exception {
        FunctionDeployment withSecret = deployment("reader", "cat", Map.of(), Map.of(), List.of("api-key"));

        assertStatus(() -> provider.deploy(withSecret).block(WAIT), HttpStatus.BAD_REQUEST)
                .isEqualTo("unable to find secret: api-key");

        provider.createSecret(new Secret("api-key", NS, "s3cret", null)).block(WAIT);
        provider.deploy(withSecret).block(WAIT);
        assertThat(provider.status("reader", NS).block(WAIT).secrets()).containsExactly("api-key");
    }

    @Test
    void letsAFunctionReadItsSecrets() throws Exception {
        Path reader = script(dir, "reader.sh", "#!/bin/sh\ncat \"$secret_mount_path/api-key\"\n");
        provider.createSecret(new Secret("api-key", NS, "s3cret", null)).block(WAIT);
        provider.deploy(deployment("reader", reader.toString(), Map.of(), Map.of(), List.of("api-key")))
                .block(WAIT);

        assertThat(call(provider.upstream("reader", NS).block(WAIT), get("reader"))
                        .body())
                .isEqualTo("s3cret");
    }

    @Test
    void describesItself() {
        assertThat(provider.info().block(WAIT))
                .isEqualTo(new ProviderInfo(
                        "edgeway-local", "process", new VersionInfo(null, "abc123", "0.1.0"), "none", "rlimit"));
        assertThat(provider.namespaces().block(WAIT)).containsExactly(NS, "dev");
        assertThat(provider.defaultNamespace()).isEqualTo(NS);
    }

    private static AbstractStringAssert<?> assertStatus(ThrowingCallable call, HttpStatus status) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) thrown).status()).isEqualTo(status);
        return assertThat(thrown.getMessage());
    }
}
