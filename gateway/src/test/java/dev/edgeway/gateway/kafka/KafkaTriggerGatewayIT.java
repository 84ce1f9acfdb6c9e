package dev.edgeway.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.EdgewayApplication;
import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.MetricsScrape;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import dev.edgeway.kafka.routing.TopicRoutes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka trigger inside the real gateway: records reach local functions through the one
 * invocation path (provider lookup, metrics), and unknown functions are dead-lettered. The one
 * gateway context with the trigger on, on its own in-JVM KRaft broker.
 */
@SpringBootTest(
        classes = EdgewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "edgeway.gateway.data-dir=target/it-data/${random.uuid}",
            "edgeway.gateway.local.secret-mount-path=target/it-secrets/${random.uuid}",
            // Room for a forked python3 step on a busy machine.
            "edgeway.gateway.upstream-timeout=20s",
            "edgeway.gateway.local.start-timeout=20s",
            // The pipeline steps log their calls to a file, which a sandboxed function may not write.
            "edgeway.gateway.local.sandbox=off",
            "edgeway.gateway.scaling.ready-timeout=10s",
            "edgeway.kafka.topics=" + KafkaTriggerGatewayIT.ENVELOPES + "," + KafkaTriggerGatewayIT.ORDERS + ","
                    + KafkaTriggerGatewayIT.PIPELINES,
            "edgeway.kafka.refresh-interval=200ms",
            "edgeway.kafka.retry.max-attempts=2",
            "edgeway.kafka.retry.initial-interval=100ms",
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "logging.level.org.apache.kafka=WARN",
        })
@AutoConfigureWebTestClient(timeout = "PT30S")
// No other class shares this context: close it after the class, so its consumer does not poll on through the suite.
@DirtiesContext
class KafkaTriggerGatewayIT {

    static final String ENVELOPES = "gw-envelopes";
    static final String ORDERS = "gw-orders";
    static final String REPLIES = "gw-replies";

    static final String PIPELINES = "gw-pipelines";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final EmbeddedKafkaKraftBroker BROKER = start();
    static final GatewayTopics TOPICS = new GatewayTopics(BROKER);

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @Autowired
    TopicRoutes routes;

    @LocalManagementPort
    int managementPort;

    @TempDir
    Path temp;

    @Autowired
    @Qualifier("kafkaTriggerContainer")
    MessageListenerContainer container;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        // Setting the brokers is what switches the trigger on.
        registry.add("edgeway.kafka.bootstrap-servers", BROKER::getBrokersAsString);
    }

    @Test
    void invokesALocalFunctionNamedByAnEnvelopeAndRepliesWithItsOutput() {
        new SystemApi(client, credentials).deploy(TestFunctions.classic("kafka-cat", "cat"));
        String payload = "hello " + UUID.randomUUID();
        TOPICS.send(
                ENVELOPES,
                "{\"function_name\":\"kafka-cat\",\"payload\":\"" + payload + "\",\"reply_to\":\"" + REPLIES + "\"}");

        ConsumerRecord<byte[], byte[]> reply =
                TOPICS.awaitRecord(REPLIES, r -> GatewayTopics.text(r.value()).equals(payload));
        assertThat(GatewayTopics.header(reply, "edgeway-status")).isEqualTo("200");
        assertThat(GatewayTopics.header(reply, "edgeway-target")).isEqualTo("kafka-cat");
        // Counted under the OpenFaaS names, as a call of /function/kafka-cat is.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(scrape())
                                .containsPattern(
                                        "gateway_function_invocation_total\\{[^}]*code=\"200\",function_name=\"kafka-cat.openfaas-fn\"}"));
    }

    @Test
    void wakesAFunctionScaledToZeroForARecordAndCountsTheReplyInTheProducersMetrics() {
        SystemApi api = new SystemApi(client, credentials);
        api.deploy("""
                {"service":"kafka-sleepy","image":"local","envProcess":"python3 %s",
                 "envVars":{"mode":"http"},"labels":{"com.openfaas.scale.min":"1"}}""".formatted(TestFunctions.script("echo_server.py")));
        api.send(HttpMethod.POST, "/system/scale-function/kafka-sleepy", "{\"replicas\":0}")
                .expectStatus()
                .isAccepted();
        api.get("/system/function/kafka-sleepy")
                .expectBody()
                .jsonPath("$.availableReplicas")
                .doesNotExist();
        String marker = UUID.randomUUID().toString();

        TOPICS.send(
                ENVELOPES,
                "{\"function_name\":\"kafka-sleepy\",\"path\":\"/pid\",\"payload\":\"" + marker + "\",\"reply_to\":\""
                        + REPLIES + "\"}");

        ConsumerRecord<byte[], byte[]> reply = TOPICS.awaitRecord(
                REPLIES, r -> GatewayTopics.header(r, "edgeway-target").equals("kafka-sleepy"));
        assertThat(GatewayTopics.header(reply, "edgeway-status")).isEqualTo("200");
        assertThat(GatewayTopics.text(reply.value())).matches("[0-9]+\\s*");
        api.get("/system/function/kafka-sleepy")
                .expectBody()
                .jsonPath("$.replicas")
                .isEqualTo(1)
                .jsonPath("$.availableReplicas")
                .isEqualTo(1);
        // The reply made the producer: its metrics are bound beside the consumer's.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape())
                .containsPattern("kafka_producer_record_send_total\\{[^}]*client_id=\"[^\"]+\""));
        api.remove("kafka-sleepy");
    }

    @Test
    void sendsTheRecordsCallIdAsXCallIdThroughTheGatewaysHeader() {
        // A classic function sees its request headers as Http_* variables: env prints them.
        new SystemApi(client, credentials).deploy(TestFunctions.classic("kafka-env", "env"));
        String marker = UUID.randomUUID().toString();
        TOPICS.send(
                ENVELOPES,
                "{\"function_name\":\"kafka-env\",\"payload\":\"x\",\"headers\":{\"X-Marker\":\"" + marker
                        + "\"},\"reply_to\":\"" + REPLIES + "\"}");

        ConsumerRecord<byte[], byte[]> reply =
                TOPICS.awaitRecord(REPLIES, r -> GatewayTopics.text(r.value()).contains(marker));
        // The reply's key is the call id; the function received the same one, once.
        String callId = GatewayTopics.text(reply.key());
        assertThat(callId).startsWith("kafka-" + ENVELOPES + "-");
        assertThat(GatewayTopics.text(reply.value())).containsOnlyOnce("Http_X_Call_Id=" + callId + "\n");
    }

    @Test
    void exposesTheKafkaClientsOwnMetricsOnTheMetricsPort() {
        // Spring Kafka's Micrometer listener binds the consumer's metrics (the producer's likewise,
        // once a first reply or dead letter created it).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(scrape())
                .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=\"edgeway")
                .containsPattern("kafka_consumer_coordinator_assigned_partitions\\{"));
    }

    @Test
    void deliversAnAnnotatedTopicToItsFunction() {
        new SystemApi(client, credentials).deploy("""
                {"service":"kafka-orders","image":"local","envProcess":"cat",
                 "annotations":{"topic":"%s","com.edgeway.kafka.reply-topic":"%s"}}""".formatted(ORDERS, REPLIES));
        String raw = "order " + UUID.randomUUID();

        // Until the trigger has read the annotation, a record of the topic is an envelope (and dead-lettered).
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !routes.subscribers(ORDERS).isEmpty());
        TOPICS.send(ORDERS, raw);

        ConsumerRecord<byte[], byte[]> reply =
                TOPICS.awaitRecord(REPLIES, r -> GatewayTopics.text(r.value()).equals(raw));
        assertThat(GatewayTopics.header(reply, "edgeway-target")).isEqualTo("kafka-orders");
    }

    @Test
    void runsAPipelineNamedByAnEnvelope() {
        SystemApi api = new SystemApi(client, credentials);
        api.deploy(TestFunctions.classic("kafka-step", "cat"));
        api.send(
                        HttpMethod.PUT,
                        "/system/pipelines/kafka-pipe",
                        "{\"name\":\"kafka-pipe\",\"steps\":[{\"id\":\"copy\",\"function\":\"kafka-step\"}]}")
                .expectStatus()
                .isCreated();
        String input = "through the pipeline " + UUID.randomUUID();
        TOPICS.send(
                ENVELOPES,
                "{\"pipeline\":\"kafka-pipe\",\"payload\":\"" + input + "\",\"reply_to\":\"" + REPLIES + "\"}");

        ConsumerRecord<byte[], byte[]> reply =
                TOPICS.awaitRecord(REPLIES, r -> GatewayTopics.text(r.value()).equals(input));
        assertThat(GatewayTopics.header(reply, "edgeway-target")).isEqualTo("pipeline kafka-pipe");
        assertThat(GatewayTopics.header(reply, "edgeway-status")).isEqualTo("200");
    }

    @Test
    void deadLettersAnEnvelopeForAnUnknownPipeline() {
        String marker = UUID.randomUUID().toString();
        TOPICS.send(ENVELOPES, "{\"pipeline\":\"no-such-pipe\",\"payload\":\"" + marker + "\"}");

        ConsumerRecord<byte[], byte[]> dead = TOPICS.awaitRecord(
                ENVELOPES + ".DLT", r -> GatewayTopics.text(r.value()).contains(marker));
        assertThat(GatewayTopics.header(dead, "edgeway-dlt-status")).isEqualTo("404");
        assertThat(GatewayTopics.header(dead, "edgeway-dlt-target")).isEqualTo("pipeline no-such-pipe");
    }

    @Test
    void deadLettersAnEnvelopeForAnUnknownFunction() {
        String marker = UUID.randomUUID().toString();
        TOPICS.send(ENVELOPES, "{\"function_name\":\"no-such-fn\",\"payload\":\"" + marker + "\"}");

        ConsumerRecord<byte[], byte[]> dead = TOPICS.awaitRecord(
                ENVELOPES + ".DLT", r -> GatewayTopics.text(r.value()).contains(marker));
        assertThat(GatewayTopics.header(dead, "edgeway-dlt-status")).isEqualTo("404");
        assertThat(GatewayTopics.header(dead, "edgeway-dlt-reason")).isEqualTo("no-such-fn answered 404");
        assertThat(GatewayTopics.header(dead, "edgeway-dlt-attempts")).isEqualTo("1");
    }

    /**
     * A record delivered again after its run succeeded (its commit was lost: here the group's
     * offset is set back) answers the run's output without calling its step a second time.
     */
    @Test
    void skipsThePipelineRunOfARedeliveredRecord() throws Exception {
        Path calls = stepLog("once");
        deployStep("kafka-once-step", "--log " + calls);
        definePipeline("kafka-once", "kafka-once-step", null);
        String marker = UUID.randomUUID().toString();
        long offset = TOPICS.send(
                        PIPELINES,
                        "{\"pipeline\":\"kafka-once\",\"payload\":\"" + marker + "\",\"reply_to\":\"" + REPLIES + "\"}")
                .offset();
        String runId = "kafka-" + PIPELINES + "-0-" + offset;
        TOPICS.awaitRecord(REPLIES, r -> GatewayTopics.text(r.key()).equals(runId));

        redeliverFrom(PIPELINES, offset);

        List<ConsumerRecord<byte[], byte[]>> replies =
                TOPICS.awaitRecords(REPLIES, r -> GatewayTopics.text(r.key()).equals(runId), 2);
        assertThat(GatewayTopics.text(replies.get(1).value()))
                .isEqualTo(GatewayTopics.text(replies.get(0).value()));
        assertThat(GatewayTopics.text(replies.get(1).value())).contains(marker).contains(runId);
        assertThat(Files.readAllLines(calls)).hasSize(1).allMatch(line -> line.contains(runId));
        new SystemApi(client, credentials)
                .get("/system/pipelines/kafka-once/runs/" + runId)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("succeeded");
    }

    /** A run whose second step fails is retried by resuming it: the first step is not called again. */
    @Test
    void resumesTheFailedPipelineRunOfARetriedRecord() throws Exception {
        Path first = stepLog("first");
        Path second = stepLog("second");
        deployStep("kafka-first-step", "--log " + first);
        deployStep("kafka-failing-step", "--fail --log " + second);
        definePipeline("kafka-resume", "kafka-first-step", "kafka-failing-step");
        long offset = TOPICS.send(PIPELINES, "{\"pipeline\":\"kafka-resume\",\"payload\":\"x\"}")
                .offset();
        String runId = "kafka-" + PIPELINES + "-0-" + offset;

        // Two attempts in this context: the run, then its resumption; then the dead letter.
        ConsumerRecord<byte[], byte[]> dead = TOPICS.awaitRecord(
                PIPELINES + ".DLT", r -> GatewayTopics.text(r.value()).contains("kafka-resume"));
        assertThat(GatewayTopics.header(dead, "edgeway-dlt-status"))
                .as(GatewayTopics.header(dead, "edgeway-dlt-response"))
                .isEqualTo("502");
        assertThat(GatewayTopics.header(dead, "edgeway-dlt-response")).contains("at step two", runId);
        assertThat(GatewayTopics.header(dead, "edgeway-dlt-attempts")).isEqualTo("2");
        assertThat(Files.readAllLines(first)).hasSize(1).allMatch(line -> line.contains(runId));
        assertThat(Files.readAllLines(second)).hasSize(2).allMatch(line -> line.contains(runId));
    }

    @Test
    void replaysDeadLettersOfOneReasonOverHttp() {
        String marker = UUID.randomUUID().toString();
        TOPICS.send(
                ENVELOPES,
                "{\"function_name\":\"kafka-late\",\"payload\":\"" + marker + "\",\"reply_to\":\"" + REPLIES + "\"}");
        TOPICS.awaitRecord(
                ENVELOPES + ".DLT", r -> GatewayTopics.text(r.value()).contains(marker));
        new SystemApi(client, credentials).deploy(TestFunctions.classic("kafka-late", "cat"));

        replay("?topic=" + ENVELOPES + "&reason=kafka-late answered 404&limit=10")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.replayed")
                .isEqualTo(1)
                .jsonPath("$.dead_letter_topic")
                .isEqualTo(ENVELOPES + ".DLT")
                .jsonPath("$.letters[0]")
                .value(letter -> assertThat((String) letter).startsWith(ENVELOPES + ".DLT-0-"));

        ConsumerRecord<byte[], byte[]> reply =
                TOPICS.awaitRecord(REPLIES, r -> GatewayTopics.text(r.value()).equals(marker));
        assertThat(GatewayTopics.header(reply, "edgeway-status")).isEqualTo("200");
    }

    @Test
    void reportsPartitionsLagAndTheLastErrorAtSystemKafka() {
        String missing = "status-missing-" + UUID.randomUUID().toString().substring(0, 8);
        long offset = TOPICS.send(ENVELOPES, "{\"function_name\":\"" + missing + "\",\"payload\":\"x\"}")
                .offset();
        TOPICS.awaitRecord(
                ENVELOPES + ".DLT", r -> GatewayTopics.text(r.value()).contains(missing));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = JSON.readTree(new SystemApi(client, credentials)
                    .get("/system/kafka")
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody());
            assertThat(status.get("connected").asBoolean()).isTrue();
            assertThat(status.get("running").asBoolean()).isTrue();
            assertThat(status.get("group_id").asString()).isEqualTo("edgeway-kafka-trigger");
            assertThat(status.get("ordering").asString()).isEqualTo("partition");
            JsonNode envelopes = partition(status, ENVELOPES);
            assertThat(envelopes.get("assigned").asBoolean()).isTrue();
            // Committed past the dead-lettered record: nothing of it is left behind.
            assertThat(envelopes.get("committed_offset").asLong()).isGreaterThan(offset);
            assertThat(envelopes.get("lag").asLong())
                    .isEqualTo(envelopes.get("end_offset").asLong()
                            - envelopes.get("committed_offset").asLong());
            assertThat(status.get("paused_partitions").isArray()).isTrue();
            assertThat(status.get("last_error").get("message").asString()).contains(missing);
        });
    }

    /** A record waiting for its retry pauses its partition (only), and the state shows it paused. */
    @Test
    void showsThePartitionPausedWhileItsRecordWaitsForARetry() {
        String name = "kafka-paused-" + UUID.randomUUID().toString().substring(0, 8);
        new SystemApi(client, credentials).deploy("""
                {"service":"%s","image":"local","envProcess":"false",
                 "annotations":{"com.edgeway.kafka.max-attempts":"2","com.edgeway.kafka.retry-initial-interval":"8s"}}""".formatted(name));
        // Its own retries apply once the trigger has read its annotations.
        await().atMost(Duration.ofSeconds(30)).until(() -> routes.function(name).isPresent());
        TOPICS.send(PIPELINES, "{\"function_name\":\"" + name + "\",\"payload\":\"x\"}");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = JSON.readTree(new SystemApi(client, credentials)
                    .get("/system/kafka")
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody());
            assertThat(status.get("paused_partitions").toString()).contains(PIPELINES + "-0");
            assertThat(partition(status, PIPELINES).get("paused").asBoolean()).isTrue();
        });
        TOPICS.awaitRecord(
                PIPELINES + ".DLT", r -> GatewayTopics.text(r.value()).contains(name));
    }

    private static JsonNode partition(JsonNode status, String topic) {
        for (JsonNode partition : status.get("partitions")) {
            if (partition.get("topic").asString().equals(topic)
                    && partition.get("partition").asInt() == 0) {
                return partition;
            }
        }
        throw new AssertionError("no partition " + topic + "-0 in " + status);
    }

    @Test
    void answersBadReplayRequestsWithProblems() {
        expectProblem(replay(""), 400, "kafka/invalid-parameter", "topic: missing");
        expectProblem(replay("?topic=" + ENVELOPES + "&limit=0"), 400, "kafka/invalid-parameter", "limit: 0");
        expectProblem(replay("?topic=" + ENVELOPES + "&limit=many"), 400, "kafka/invalid-parameter", "limit: many");
        expectProblem(replay("?topic=a/b"), 400, "kafka/invalid-parameter", "topic: a/b");
        expectProblem(replay("?topic=" + ENVELOPES + "&from=yesterday"), 400, "kafka/invalid-parameter", "from:");
        expectProblem(replay("?topic=elsewhere"), 404, "kafka/unknown-topic", "elsewhere");
        expectProblem(
                new SystemApi(client, credentials).get("/system/kafka/dead-letters/replay?topic=" + ENVELOPES),
                405,
                "kafka/method-not-allowed",
                "(expected: POST)");
    }

    private WebTestClient.ResponseSpec replay(String query) {
        return client.post()
                .uri("/system/kafka/dead-letters/replay" + query)
                .header("Authorization", credentials.header())
                .exchange();
    }

    private static void expectProblem(WebTestClient.ResponseSpec response, int status, String type, String detail) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://edgeway.dev/problems/" + type)
                .jsonPath("$.status")
                .isEqualTo(status)
                .jsonPath("$.detail")
                .value(text -> assertThat((String) text).contains(detail));
    }

    /** The trigger's commit of the record is lost: stop, set the group back, start again. */
    private void redeliverFrom(String topic, long offset) {
        container.stop();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.getBrokersAsString()))) {
            // The group must be empty; the stopped consumer may take a moment to leave it.
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .untilAsserted(() -> admin.alterConsumerGroupOffsets(
                                    "edgeway-kafka-trigger",
                                    Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset)))
                            .all()
                            .get());
        } finally {
            container.start();
        }
    }

    private void deployStep(String name, String options) {
        String command = "python3 " + TestFunctions.script("pipeline_step.py") + " " + options;
        new SystemApi(client, credentials)
                .deploy(TestFunctions.classic(name, command, "{\"combine_output\":\"false\"}"));
    }

    private void definePipeline(String name, String first, String second) {
        String steps = "{\"id\":\"one\",\"function\":\"" + first + "\"}"
                + (second == null ? "" : ",{\"id\":\"two\",\"function\":\"" + second + "\",\"after\":[\"one\"]}");
        new SystemApi(client, credentials)
                .send(
                        HttpMethod.PUT,
                        "/system/pipelines/" + name,
                        "{\"name\":\"" + name + "\",\"steps\":[" + steps + "]}")
                .expectStatus()
                .isCreated();
    }

    /** A file the step appends its calls to (the functions run unsandboxed in this class). */
    private Path stepLog(String name) throws IOException {
        return Files.createTempFile(temp, name, ".log");
    }

    private String scrape() {
        return MetricsScrape.of(managementPort);
    }

    private static EmbeddedKafkaKraftBroker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(
                1, 1, ENVELOPES, ORDERS, PIPELINES, REPLIES, ENVELOPES + ".DLT", ORDERS + ".DLT", PIPELINES + ".DLT");
        broker.afterPropertiesSet();
        // Stopped with the JVM: the context closes first (see @DirtiesContext) and commits on its way out.
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "gateway-it-broker-stop"));
        return broker;
    }
}
