package dev.edgeway.gateway.provider.faas;

import static dev.edgeway.gateway.provider.faas.FaasProviderExtension.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.invoke.InvocationResult;
import dev.edgeway.gateway.provider.FunctionDeployment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Flux;

@Timeout(30)
class FaasProviderUpstreamIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final FaasProviderExtension faas = new FaasProviderExtension();

    @BeforeEach
    void deployTheFunction() {
        faas.provider()
                .deploy(new FunctionDeployment(
                        "echo", "alpine", NAMESPACE, null, Map.of(), List.of(), List.of(), Map.of(), Map.of(), null,
                        null, false))
                .block(WAIT);
    }

    @Test
    void reachesTheFunctionWithSubPathQueryMethodAndHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Custom", "yes");
        headers.set(HttpHeaders.AUTHORIZATION, "Bearer caller-token");
        headers.set(HttpHeaders.CONTENT_TYPE, "text/plain");

        Answer answer = invoke(HttpMethod.PUT, "/orders/42", "expand=items&q=a%20b", headers, "hello");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("echo: hello");
        assertThat(answer.headers().getFirst("X-Function")).isEqualTo("echo");
        EchoFunction.Received seen = faas.function().received().getLast();
        assertThat(seen.method()).isEqualTo("PUT");
        assertThat(seen.path()).isEqualTo("/orders/42");
        assertThat(seen.query()).isEqualTo("expand=items&q=a%20b");
        assertThat(seen.header("X-Custom")).isEqualTo("yes");
        assertThat(seen.header("Authorization")).isEqualTo("Bearer caller-token");
        assertThat(seen.body()).isEqualTo("hello");
        assertThat(faas.server().received().getLast().path()).isEqualTo("/function/echo.openfaas-fn/orders/42");
    }

    @Test
    void callsTheFunctionAtTheRootWithoutASubPath() {
        Answer answer = invoke(HttpMethod.GET, "/", null, new HttpHeaders(), null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(faas.function().received().getLast().path()).isEqualTo("/");
        assertThat(faas.function().received().getLast().method()).isEqualTo("GET");
    }

    @Test
    void neverSendsTheGatewayCredentialsToTheFunction() {
        invoke(HttpMethod.POST, "/", null, new HttpHeaders(), "x");

        assertThat(faas.function().received().getLast().header("Authorization")).isNull();
        assertThat(faas.server().received().getLast().authorization()).isNull();
    }

    @Test
    void passesTheFunctionsRedirectThroughWithoutFollowingIt() {
        Answer answer = invoke(HttpMethod.GET, "/redirect", null, new HttpHeaders(), null);

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.headers().getFirst(HttpHeaders.LOCATION)).isEqualTo("/moved");
        assertThat(faas.function().received())
                .singleElement()
                .extracting(EchoFunction.Received::path)
                .isEqualTo("/redirect");
    }

    @Test
    void answersTheProviderProxysErrorForAnUnknownFunction() {
        InvocationResult result = faas.provider()
                .upstream("ghost", NAMESPACE)
                .flatMap(upstream ->
                        upstream.exchange(invocation("ghost", HttpMethod.GET, "/", null, new HttpHeaders(), null)))
                .block(WAIT);

        Answer answer = Answer.read(result);
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("No endpoints available for: ghost.");
        assertThat(answer.headers().getFirst("X-OpenFaaS-Internal")).isEqualTo("proxy");
    }

    private Answer invoke(
            HttpMethod method, String path, @Nullable String query, HttpHeaders headers, @Nullable String body) {
        return Answer.read(faas.provider()
                .upstream("echo", NAMESPACE)
                .flatMap(upstream -> upstream.exchange(invocation("echo", method, path, query, headers, body)))
                .block(WAIT));
    }

    private static Invocation invocation(
            String function,
            HttpMethod method,
            String path,
            @Nullable String query,
            HttpHeaders headers,
            @Nullable String body) {
        Flux<DataBuffer> bytes = body == null
                ? Flux.empty()
                : Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body.getBytes(StandardCharsets.UTF_8)));
        return new Invocation(function, NAMESPACE, method, path, query, headers, bytes, body != null);
    }

    /** A function's answer with its body read. */
    private record Answer(int status, HttpHeaders headers, String body) {

        static Answer read(@Nullable InvocationResult result) {
            assertThat(result).isNotNull();
            String body = DataBufferUtils.join(result.body())
                    .map(buffer -> {
                        String text = buffer.toString(StandardCharsets.UTF_8);
                        DataBufferUtils.release(buffer);
                        return text;
                    })
                    .defaultIfEmpty("")
                    .block(WAIT);
            return new Answer(result.status(), result.headers(), body);
        }
    }
}
