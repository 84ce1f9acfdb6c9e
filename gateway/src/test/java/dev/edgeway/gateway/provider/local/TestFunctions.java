package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.provider.FunctionDeployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Builds configurations, deployments, scripts and calls for the local provider's tests. */
final class TestFunctions {

    static final String NS = "openfaas-fn";
    static final Duration WAIT = Duration.ofSeconds(20);

    private TestFunctions() {}

    static GatewayProperties properties(Path dataDir) {
        return properties(dataDir, dataDir.resolve("mount"));
    }

    static GatewayProperties properties(Path dataDir, Path secretMountPath) {
        return properties(dataDir, secretMountPath, Duration.ofSeconds(10));
    }

    static GatewayProperties properties(Path dataDir, Path secretMountPath, Duration startTimeout) {
        return new GatewayProperties(
                GatewayProperties.ProviderKind.LOCAL,
                null,
                null,
                NS,
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                null,
                Duration.ofSeconds(60),
                16,
                dataDir,
                new GatewayProperties.Auth(null, null),
                new GatewayProperties.Scaling(
                        true, Duration.ofSeconds(30), Duration.ofMillis(100), 20, Duration.ofSeconds(5)),
                new GatewayProperties.Local(
                        List.of(NS, "dev"),
                        secretMountPath,
                        Duration.ZERO,
                        256,
                        64,
                        1000,
                        Duration.ofSeconds(10),
                        startTimeout,
                        100,
                        DataSize.ofKilobytes(64)));
    }

    /**
     * Properties as the application binds them: the record's defaults, except for the given
     * {@code edgeway.gateway.*} values and a data directory of the test's own.
     */
    static GatewayProperties bound(Path dataDir, Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("edgeway.gateway.data-dir", dataDir.toString());
        all.put(
                "edgeway.gateway.local.secret-mount-path",
                dataDir.resolve("mount").toString());
        return new Binder(new MapConfigurationPropertySource(all))
                .bindOrCreate("edgeway.gateway", GatewayProperties.class);
    }

    static FunctionDeployment deployment(String name, @Nullable String envProcess) {
        return deployment(name, envProcess, Map.of(), Map.of(), List.of());
    }

    static FunctionDeployment deployment(String name, @Nullable String envProcess, Map<String, String> envVars) {
        return deployment(name, envProcess, envVars, Map.of(), List.of());
    }

    static FunctionDeployment deployment(
            String name,
            @Nullable String envProcess,
            Map<String, String> envVars,
            Map<String, String> labels,
            List<String> secrets) {
        return new FunctionDeployment(
                name,
                "ghcr.io/openfaas/alpine:latest",
                NS,
                envProcess,
                envVars,
                List.of(),
                secrets,
                labels,
                Map.of("topic", "orders"),
                null,
                null,
                false);
    }

    /** Writes an executable script, which a deployment can name as its whole {@code envProcess}. */
    static Path script(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    static Invocation post(String function, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentLength(body.getBytes(StandardCharsets.UTF_8).length);
        Flux<DataBuffer> content =
                Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body.getBytes(StandardCharsets.UTF_8)));
        return new Invocation(function, NS, HttpMethod.POST, "/", null, headers, content, true);
    }

    static Invocation get(String function) {
        return new Invocation(function, NS, HttpMethod.GET, "/", null, new HttpHeaders(), Flux.empty(), false);
    }

    /** What a call answered, with the whole body as text. */
    record Answer(int status, HttpHeaders headers, String body) {}

    static Answer call(FunctionUpstream upstream, Invocation invocation) {
        return answer(upstream, invocation).block(WAIT);
    }

    /** A call's answer once its body has been read, without blocking a thread meanwhile. */
    static Mono<Answer> answer(FunctionUpstream upstream, Invocation invocation) {
        return upstream.exchange(invocation).flatMap(result -> DataBufferUtils.join(result.body())
                .map(buffer -> {
                    String text = buffer.toString(StandardCharsets.UTF_8);
                    DataBufferUtils.release(buffer);
                    return text;
                })
                .defaultIfEmpty("")
                .map(body -> new Answer(result.status(), result.headers(), body)));
    }
}
