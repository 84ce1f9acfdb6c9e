package dev.edgeway.gateway.provider.faas;

import static dev.edgeway.gateway.provider.faas.FaasProviderExtension.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.LogEntry;
import dev.edgeway.gateway.provider.LogRequest;
import dev.edgeway.gateway.provider.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpStatus;
import reactor.core.Disposable;

@Timeout(30)
class FaasProviderLogsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final FaasProviderExtension faas = new FaasProviderExtension();

    @BeforeEach
    void deployTheFunction() {
        faas.provider().deploy(deployment()).block(WAIT);
    }

    @Test
    void readsTheLogAsNdjsonAndEndsWithIt() {
        faas.server().log("env", NAMESPACE, "Forking fprocess.");
        faas.server().log("env", NAMESPACE, "Wrote 12 Bytes");

        List<LogEntry> entries =
                faas.provider().logs(request(-1, false)).collectList().block(WAIT);

        assertThat(entries).extracting(LogEntry::text).containsExactly("Forking fprocess.\n", "Wrote 12 Bytes\n");
        assertThat(entries.getFirst().name()).isEqualTo("env");
        assertThat(entries.getFirst().namespace()).isEqualTo(NAMESPACE);
        assertThat(entries.getFirst().instance()).isEqualTo("env-7d9f8b6c5-x2x9z");
        assertThat(entries.getFirst().timestamp()).isNotNull();
    }

    @Test
    void asksForTheRequestedLinesWithTheGatewayCredentials() {
        faas.server().log("env", NAMESPACE, "one");
        faas.server().log("env", NAMESPACE, "two");
        faas.server().log("env", NAMESPACE, "three");

        List<LogEntry> entries =
                faas.provider().logs(request(2, false)).collectList().block(WAIT);

        assertThat(entries).extracting(LogEntry::text).containsExactly("two\n", "three\n");
        FaasProviderServer.Received logs = faas.server().received().getLast();
        assertThat(logs.query()).isEqualTo("name=env&namespace=openfaas-fn&tail=2&follow=false");
        assertThat(logs.authorization()).isEqualTo(FaasProviderExtension.credentials("admin", "s3cr3t-pa55"));
    }

    @Test
    void streamsNewLinesWhileFollowing() {
        faas.server().log("env", NAMESPACE, "before");
        List<String> texts = new CopyOnWriteArrayList<>();
        AtomicBoolean ended = new AtomicBoolean();
        Disposable following = faas.provider()
                .logs(request(-1, true))
                .doOnTerminate(() -> ended.set(true))
                .subscribe(entry -> texts.add(entry.text()));
        try {
            await().atMost(WAIT).until(() -> texts.contains("before\n"));

            faas.server().log("env", NAMESPACE, "after");

            await().atMost(WAIT).until(() -> texts.contains("after\n"));
            assertThat(texts).containsExactly("before\n", "after\n");
            assertThat(ended).isFalse();
        } finally {
            following.dispose();
        }
    }

    @Test
    void readsTheLogFromTheLogsProviderWhenOneIsSet() throws Exception {
        FaasProviderServer logsProvider = faas.server(null, null, List.of(NAMESPACE));
        faas.provider(Map.of("provider-url", logsProvider.url().toString()), null)
                .deploy(deployment())
                .block(WAIT);
        logsProvider.log("env", NAMESPACE, "from the logs provider");
        FaasProvider provider = faas.provider(
                Map.of(
                        "provider-url", faas.server().url().toString(),
                        "logs-provider-url", logsProvider.url().toString()),
                null);

        List<LogEntry> entries = provider.logs(request(-1, false)).collectList().block(WAIT);

        assertThat(entries).extracting(LogEntry::text).containsExactly("from the logs provider\n");
        assertThat(faas.server().received()).noneMatch(r -> r.path().equals("/system/logs"));
    }

    @Test
    void failsWithTheProvidersAnswerForAnUnknownFunction() {
        LogRequest unknown = new LogRequest("ghost", NAMESPACE, null, -1, false, null);

        assertThatThrownBy(() -> faas.provider().logs(unknown).collectList().block(WAIT))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("function \"ghost\" not found");
                });
    }

    private static LogRequest request(long tail, boolean follow) {
        return new LogRequest("env", NAMESPACE, null, tail, follow, null);
    }

    private static FunctionDeployment deployment() {
        return new FunctionDeployment(
                "env", "alpine", NAMESPACE, null, Map.of(), List.of(), List.of(), Map.of(), Map.of(), null, null,
                false);
    }
}
