package dev.edgeway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.support.PackagedGateway;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Four clients at once write and read values of the largest accepted size through the packaged
 * gateway with {@code ./edgeway run}'s default JVM flags (a heap that starts small, so it has to grow). Every value is stored and read back intact;
 * a request the heap cannot hold yet is answered 503 with {@code Retry-After} (and retried), never
 * a 500 or no answer at all.
 */
class LargeValuesUnderDefaultHeapIT {

    @RegisterExtension
    static final PackagedGateway gateway = defaultFlags();

    private static PackagedGateway defaultFlags() {
        try {
            return new PackagedGateway(PackagedGateway.runFlags());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final int MAX_VALUE_SIZE = 64 * 1024 * 1024;
    private static final int CLIENTS = 4;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Queue<HttpResponse<?>> refusals = new ConcurrentLinkedQueue<>();

    @Test
    void fourConcurrentMaximumSizeWritesAndReadsSucceed() throws Exception {
        HttpResponse<String> task = http.send(
                request("/system/storage/tasks")
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString("{\"task_id\":\"big\",\"function_name\":\"fn\"}"))
                        .build(),
                BodyHandlers.ofString());
        assertThat(task.statusCode()).isEqualTo(201);

        List<Integer> writes = concurrently(this::write);
        assertThat(writes).containsOnly(201);

        List<String> reads = concurrently(this::read);
        for (int i = 0; i < CLIENTS; i++) {
            assertThat(reads.get(i)).as("value %d read back", i).isEqualTo(digest(new Generated(i)));
        }
        assertThat(refusals).allSatisfy(refused -> {
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        });
        assertThat(gateway.log()).doesNotContain("OutOfMemoryError").doesNotContain("Java heap space");
    }

    /** Stores value {@code i}, again after a 503; answers the final status. */
    private int write(int i) {
        return await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> {
                            HttpResponse<String> response = http.send(
                                    request("/system/storage/variables/big/v" + i)
                                            .header("Content-Type", "application/octet-stream")
                                            .PUT(BodyPublishers.fromPublisher(
                                                    BodyPublishers.ofInputStream(() -> new Generated(i)),
                                                    MAX_VALUE_SIZE))
                                            .build(),
                                    BodyHandlers.ofString());
                            return refusedOr(response);
                        },
                        status -> status != 503);
    }

    /** Reads value {@code i} as raw bytes, again after a 503; answers its SHA-256. */
    private String read(int i) {
        return await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> {
                            HttpResponse<InputStream> response = http.send(
                                    request("/system/storage/variables/big/v" + i)
                                            .header("Accept", "application/octet-stream")
                                            .build(),
                                    BodyHandlers.ofInputStream());
                            if (refusedOr(response) != 200) {
                                response.body().close();
                                return "status " + response.statusCode();
                            }
                            return digest(response.body());
                        },
                        result -> !result.equals("status 503"));
    }

    private int refusedOr(HttpResponse<?> response) {
        if (response.statusCode() == 503) {
            refusals.add(response);
        }
        return response.statusCode();
    }

    private static <T> List<T> concurrently(IntFunction<T> work) {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<T>> all = IntStream.range(0, CLIENTS)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> work.apply(i), clients))
                    .toList();
            return all.stream().map(CompletableFuture::join).toList();
        }
    }

    private static HttpRequest.Builder request(String path) throws Exception {
        return HttpRequest.newBuilder(gateway.uri(path))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", gateway.authorization());
    }

    private static String digest(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] chunk = new byte[64 * 1024];
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                sha.update(chunk, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The bytes of value {@code seed}, made on the fly so that the test holds none of them. */
    private static final class Generated extends InputStream {

        private final int seed;
        private int position;

        Generated(int seed) {
            this.seed = seed;
        }

        @Override
        public int read() {
            if (position == MAX_VALUE_SIZE) {
                return -1;
            }
            return at(position++);
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (position == MAX_VALUE_SIZE) {
                return -1;
            }
            int n = Math.min(length, MAX_VALUE_SIZE - position);
            for (int k = 0; k < n; k++) {
                into[offset + k] = (byte) at(position++);
            }
            return n;
        }

        private int at(int p) {
            return (p * 31 + (p >>> 13) + seed) & 0xff;
        }
    }
}
