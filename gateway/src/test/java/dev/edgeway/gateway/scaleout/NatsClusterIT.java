package dev.edgeway.gateway.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.support.GatewayNode;
import dev.edgeway.gateway.support.NatsCluster;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway on a three-node JetStream cluster (Debian's nats-server on loopback) with every
 * bucket and stream replicated three times: a node killed with SIGKILL in the middle of state
 * writes loses none that was acknowledged, and the state API never answers 500.
 */
class NatsClusterIT {

    private static NatsCluster cluster;
    private static GatewayNode gateway;

    @BeforeAll
    static void startClusterAndGateway() {
        cluster = NatsCluster.start(3);
        gateway = GatewayNode.start(cluster.urls(), "edgeway.nats.replicas=3", "edgeway.schedules.enabled=false");
        // The cluster elects its JetStream leader after the nodes meet: until then the API answers 503.
        awaitCreated("cluster-probe");
    }

    /** Creates a task, waiting through 503s (a node restarted by the last test may still be catching up). */
    private static void awaitCreated(String task) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> created(task) < 300);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void restartKilledNodes() {
        for (int node = 0; node < 3; node++) {
            cluster.startNode(node);
        }
    }

    @Test
    void createsEveryBucketAndStreamWithThreeReplicas() throws Exception {
        awaitCreated("replicated");
        Options options = Options.builder().server(cluster.urls()).build();
        try (Connection nats = Nats.connect(options)) {
            JetStreamManagement jsm = nats.jetStreamManagement(JetStreamOptions.builder()
                    .requestTimeout(Duration.ofSeconds(10))
                    .build());
            // A node restarted by the previous test may still be rejoining: the meta leader can
            // be re-elected meanwhile and the JetStream API then times out; ask again until it answers.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .untilAsserted(() -> {
                        List<StreamInfo> streams = jsm.getStreams();
                        assertThat(streams)
                                .extracting(info -> info.getConfiguration().getName())
                                .contains("KV_edgeway-tasks", "KV_edgeway-variables", "OBJ_edgeway-large-values");
                        assertThat(streams).allSatisfy(info -> assertThat(
                                        info.getConfiguration().getReplicas())
                                .as(info.getConfiguration().getName())
                                .isEqualTo(3));
                    });
        }
    }

    @Test
    void losesNoAcknowledgedWriteWhenANodeIsKilledMidStream() {
        awaitCreated("killed");
        List<Integer> acknowledged = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            record(i, write("killed", "v" + i, i), statuses, acknowledged);
        }
        cluster.kill(0);
        // Writes go on while the client fails over and the streams elect new leaders: 503 until then.
        AtomicInteger next = new AtomicInteger(50);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    int i = next.getAndIncrement();
                    record(i, write("killed", "v" + i, i), statuses, acknowledged);
                    return acknowledged.stream().filter(n -> n >= 50).count() >= 50;
                });

        assertThat(statuses).as("statuses of the writes").allMatch(s -> (s >= 200 && s < 300) || s == 503);
        for (int i : acknowledged) {
            HttpResponse<String> read = gateway.get("/system/storage/variables/killed/v" + i);
            assertThat(read.statusCode()).as("v%d", i).isEqualTo(200);
            assertThat(read.body()).as("v%d", i).containsPattern("\"value\":" + i + "[,}]");
        }
    }

    private static void record(int i, int status, List<Integer> statuses, List<Integer> acknowledged) {
        statuses.add(status);
        if (status >= 200 && status < 300) {
            acknowledged.add(i);
        }
    }

    @Test
    void answersAgainAfterTheKilledNodeIsBack() {
        awaitCreated("restarted");
        cluster.kill(1);
        cluster.startNode(1);

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(write("restarted", "after", 1)).isBetween(200, 299));
    }

    private static Integer created(String task) {
        int status = gateway.json(
                        "POST", "/system/storage/tasks", "{\"task_id\":\"" + task + "\",\"function_name\":\"cluster\"}")
                .statusCode();
        assertThat(status).as("creating task %s", task).isNotEqualTo(500);
        return status == 409 ? 201 : status;
    }

    private static int write(String task, String variable, int value) {
        int status = gateway.json(
                        "PUT", "/system/storage/variables/" + task + "/" + variable, "{\"value\":" + value + "}")
                .statusCode();
        assertThat(status).as("writing %s", variable).isNotEqualTo(500);
        return status;
    }
}
