package dev.edgeway.storage.bench;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The state store benchmark's load generator: one operation is a variable put followed by a get
 * of the same variable, done either through the gateway's REST API or with jnats directly on the
 * same NATS server, alternating in one run. See bench/storage/README.md.
 *
 * <p>Sides:
 *
 * <ul>
 *   <li>{@code rest}: {@code PUT /system/storage/variables/{task}/{var}} with the raw bytes
 *       ({@code application/octet-stream}), then {@code GET} with {@code Accept:
 *       application/octet-stream}; JDK HttpClient, HTTP/1.1, keep-alive, fixed executor.
 *   <li>{@code rest-socket}: the same requests as {@code rest} through a minimal blocking HTTP/1.1
 *       client, one keep-alive socket per worker, to tell the gateway's cost from the JDK
 *       HttpClient's.
 *   <li>{@code rest-json}: the same with a JSON body {@code {"var_type","value"}} whose value is
 *       a JSON string of the value size, read back as JSON (off by default).
 *   <li>{@code direct}: {@code kv.put} then {@code kv.get} of the same bytes, in a bucket created
 *       with the configuration of the gateway's variables bucket.
 *   <li>{@code direct-cas}: what the gateway does for an overwrite, with jnats: {@code kv.get},
 *       {@code kv.update} at the revision read, then {@code kv.get} (three NATS round trips).
 * </ul>
 *
 * <p>Each worker (one thread) owns one variable, so writers never contend on a key. Arguments are
 * {@code --name=value}; the script passes them all.
 */
public final class StorageBench {

    private static final int CLK_TCK = 100;

    private final Map<String, String> args;
    private final String gateway;
    private final String auth;
    private final String natsUrl;
    private final String variablesBucket;
    private final String directBucket;
    private final List<Integer> sizes;
    private final List<Integer> concurrencies;
    private final List<String> sides;
    private final int rounds;
    private final Duration duration;
    private final Duration warmup;
    private final Duration warmupMax;
    private final long warmupOps;
    private final long gatewayPid;
    private final long natsPid;
    private final String natsMonitor;
    private final long selfPid = ProcessHandle.current().pid();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private HttpClient http;
    private ExecutorService httpExecutor;
    private Connection nats;
    private KeyValue directKv;
    private final List<RunResult> results = new ArrayList<>();
    /** One keep-alive socket per worker index for rest-socket, kept across runs like a connection pool. */
    private final Map<Integer, RawHttp> rawClients = new java.util.concurrent.ConcurrentHashMap<>();

    private StorageBench(Map<String, String> args) {
        this.args = args;
        this.gateway = require("gateway");
        this.auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString((require("user") + ":" + require("password")).getBytes(StandardCharsets.UTF_8));
        this.natsUrl = require("nats");
        this.variablesBucket = args.getOrDefault("variables-bucket", "edgeway-variables");
        this.directBucket = args.getOrDefault("direct-bucket", "edgeway-bench-direct");
        this.sizes = ints(args.getOrDefault("sizes", "1024 262144"));
        this.concurrencies = ints(args.getOrDefault("concurrency", "16 64"));
        this.sides = List.of(args.getOrDefault("sides", "rest rest-socket direct direct-cas").trim().split("[ ,]+"));
        this.rounds = Integer.parseInt(args.getOrDefault("rounds", "3"));
        this.duration = Duration.ofMillis((long) (Double.parseDouble(args.getOrDefault("duration", "10")) * 1000));
        this.warmup = Duration.ofMillis((long) (Double.parseDouble(args.getOrDefault("warmup", "5")) * 1000));
        this.warmupMax = Duration.ofSeconds(Long.parseLong(args.getOrDefault("warmup-max", "120")));
        this.warmupOps = Long.parseLong(args.getOrDefault("warmup-ops", "150000"));
        this.gatewayPid = Long.parseLong(args.getOrDefault("gateway-pid", "0"));
        this.natsPid = Long.parseLong(args.getOrDefault("nats-pid", "0"));
        this.natsMonitor = args.getOrDefault("nats-monitor", "");
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            args.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        new StorageBench(args).run();
    }

    private String require(String name) {
        String value = args.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing --" + name + "=...");
        }
        return value;
    }

    private static List<Integer> ints(String list) {
        return Arrays.stream(list.trim().split("[ ,]+")).map(Integer::parseInt).toList();
    }

    // -----------------------------------------------------------------------------------------

    private void run() throws Exception {
        int maxConcurrency = concurrencies.stream().mapToInt(Integer::intValue).max().orElseThrow();
        httpExecutor = Executors.newFixedThreadPool(Integer.parseInt(args.getOrDefault("http-threads", "4")));
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(httpExecutor)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        nats = Nats.connect(Options.builder()
                .server(natsUrl)
                .connectionName("edgeway-storage-bench")
                .build());
        try {
            Map<Integer, String> tasks = new LinkedHashMap<>();
            for (int size : sizes) {
                String task = "bench-" + runId + "-" + size;
                createTask(task); // also makes the gateway create its buckets
                tasks.put(size, task);
            }
            directKv = openDirectBucket();

            // Warm-up: every side and size once at the highest concurrency. It also writes every
            // worker's variable once, so the measured puts are all overwrites (the steady state).
            for (int size : sizes) {
                long gatewayOps = 0; // the sides through the gateway warm the same code
                for (String side : sides) {
                    log("warm-up %s %s c%d (%d s)", side, size(size), maxConcurrency, warmup.toSeconds());
                    RunResult r = measure(side, tasks.get(size), size, maxConcurrency, warmup, 0);
                    if (r.ops == 0 || r.errors > r.ops) {
                        throw new IllegalStateException("warm-up of " + side + " failed: " + r.firstError);
                    }
                    if (side.startsWith("rest") && gatewayPid > 0) {
                        gatewayOps = warmUpGateway(side, tasks.get(size), size, maxConcurrency, gatewayOps + r.ops);
                    }
                }
            }
            for (int size : sizes) {
                for (int c : concurrencies) {
                    for (int round = 1; round <= rounds; round++) {
                        // Alternate the order, so drift (other load, JIT, disk) hits every side alike.
                        List<String> order = new ArrayList<>(sides);
                        if (round % 2 == 0) {
                            java.util.Collections.reverse(order);
                        }
                        for (String side : order) {
                            RunResult r = measure(side, tasks.get(size), size, c, duration, round);
                            results.add(r);
                            log(
                                    "%s c%d round %d/%d %-10s %8.0f ops/s  p50 %6.2f ms  p99 %7.2f ms  errors %d  cpu: gateway %3.0f%% nats %3.0f%% loadgen %3.0f%% machine %3.0f%% busy",
                                    size(size), c, round, rounds, side, r.opsPerSecond(), r.p50Ms, r.p99Ms,
                                    r.errors, r.gatewayCpu, r.natsCpu, r.selfCpu, r.machineBusy);
                            if (r.firstError != null) {
                                log("  first error: %s", r.firstError);
                            }
                        }
                    }
                }
            }
            if (args.containsKey("raw")) {
                writeRaw(Path.of(args.get("raw")));
            }
            System.out.print(markdown());
        } finally {
            try {
                nats.keyValueManagement().delete(directBucket);
            } catch (Exception e) {
                log("could not delete bucket %s: %s", directBucket, e.getMessage());
            }
            nats.close();
            httpExecutor.shutdownNow();
        }
    }

    /**
     * Warms the gateway until it has served --warmup-ops ops of this size and its CPU per op has
     * settled; returns the ops it has served. On these 2-core machines its JIT was still compiling
     * (C2 at nearly half a core) a minute into the run, and a 15 s warm-up measured 30 % fewer ops
     * than a 60 s one; two slow chunks alike are not settled, hence the count. Like
     * bench/proxy-bench.sh: 5 s chunks until two in a row are within 15 % of each other, for at
     * most --warmup-max seconds.
     */
    private long warmUpGateway(String side, String task, int size, int concurrency, long served) throws Exception {
        long deadline = System.nanoTime() + warmupMax.toNanos();
        double previous = 0;
        while (true) {
            RunResult r = measure(side, task, size, concurrency, Duration.ofSeconds(5), 0);
            served += r.ops;
            double usPerOp = r.usPerOp(r.gatewayCpu);
            log("  warming the gateway: %.0f ops/s, %.0f µs CPU per op, %d ops so far", r.opsPerSecond(), usPerOp, served);
            if (served >= warmupOps && previous > 0 && Math.abs(usPerOp - previous) <= 0.15 * previous) {
                return served;
            }
            if (System.nanoTime() >= deadline) {
                log("  the gateway's CPU per op had not settled after %d s; measuring anyway", warmupMax.toSeconds());
                return served;
            }
            previous = usPerOp;
        }
    }

    private void createTask(String task) throws IOException, InterruptedException {
        String body = "{\"task_id\":\"" + task + "\",\"function_name\":\"storage-bench\"}";
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(gateway + "/system/storage/tasks"))
                        .header("Authorization", auth)
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString(body))
                        .build(),
                BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "POST /system/storage/tasks answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** A bucket with the configuration of the gateway's variables bucket, under another name. */
    private KeyValue openDirectBucket() throws IOException, JetStreamApiException {
        KeyValueManagement kvm = nats.keyValueManagement();
        KeyValueConfiguration gatewayConfig = kvm.getStatus(variablesBucket).getConfiguration();
        try {
            kvm.delete(directBucket);
        } catch (JetStreamApiException e) {
            // absent: fine
        }
        KeyValueConfiguration config = KeyValueConfiguration.builder(gatewayConfig)
                .name(directBucket)
                .build();
        kvm.create(config);
        log(
                "direct bucket %s: storage %s, history %d, max age %s, replicas %d (as %s)",
                directBucket, config.getStorageType(), config.getMaxHistoryPerKey(), config.getTtl(),
                config.getReplicas(), variablesBucket);
        return nats.keyValue(directBucket);
    }

    // -----------------------------------------------------------------------------------------
    // One operation (a put and a get of the same variable) per side

    @FunctionalInterface
    private interface Op {
        /** One put+get; throws when anything is not as expected. */
        void run(long n) throws Exception;
    }

    private Op op(String side, String task, int size, int worker) {
        byte[] value = new byte[size];
        new Random(31L * worker + size).nextBytes(value);
        String var = "v" + worker;
        String key = task + "." + var;
        URI uri = URI.create(gateway + "/system/storage/variables/" + task + "/" + var);
        return switch (side) {
            case "rest" -> n -> {
                stamp(value, n);
                HttpResponse<String> put = http.send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", auth)
                                .header("Content-Type", "application/octet-stream")
                                .PUT(BodyPublishers.ofByteArray(value))
                                .build(),
                        BodyHandlers.ofString());
                if (put.statusCode() != 200 && put.statusCode() != 201) {
                    throw new IllegalStateException("PUT answered " + put.statusCode() + ": " + put.body());
                }
                HttpResponse<byte[]> get = http.send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", auth)
                                .header("Accept", "application/octet-stream")
                                .GET()
                                .build(),
                        BodyHandlers.ofByteArray());
                if (get.statusCode() != 200) {
                    throw new IllegalStateException("GET answered " + get.statusCode() + ": "
                            + new String(get.body(), StandardCharsets.UTF_8));
                }
                check(value, get.body());
            };
            case "rest-json" -> {
                // A JSON string of `size` ASCII characters; the gateway stores its JSON text.
                char[] text = new char[size];
                for (int i = 0; i < size; i++) {
                    text[i] = (char) ('a' + Math.floorMod(value[i], 26));
                }
                String prefix = "{\"var_type\":\"bench\",\"value\":\"";
                yield n -> {
                    text[0] = (char) ('A' + (n % 26));
                    String body = prefix + new String(text) + "\"}";
                    HttpResponse<String> put = http.send(
                            HttpRequest.newBuilder(uri)
                                    .header("Authorization", auth)
                                    .header("Content-Type", "application/json")
                                    .PUT(BodyPublishers.ofString(body))
                                    .build(),
                            BodyHandlers.ofString());
                    if (put.statusCode() != 200 && put.statusCode() != 201) {
                        throw new IllegalStateException("PUT answered " + put.statusCode() + ": " + put.body());
                    }
                    HttpResponse<String> get = http.send(
                            HttpRequest.newBuilder(uri)
                                    .header("Authorization", auth)
                                    .header("Accept", "application/json")
                                    .GET()
                                    .build(),
                            BodyHandlers.ofString());
                    if (get.statusCode() != 200 || !get.body().contains("\"" + text[0] + new String(text, 1, 16))) {
                        throw new IllegalStateException("GET answered " + get.statusCode() + " without the value");
                    }
                };
            }
            case "rest-socket" -> {
                RawHttp raw = rawClients.computeIfAbsent(worker, w -> new RawHttp(URI.create(gateway)));
                String path = uri.getRawPath();
                yield n -> {
                    stamp(value, n);
                    RawHttp.Response put = raw.exchange(
                            "PUT", path, "Authorization: " + auth + "\r\nContent-Type: application/octet-stream\r\n", value);
                    if (put.status() != 200 && put.status() != 201) {
                        throw new IllegalStateException("PUT answered " + put.status() + ": " + put.text());
                    }
                    RawHttp.Response get = raw.exchange(
                            "GET", path, "Authorization: " + auth + "\r\nAccept: application/octet-stream\r\n", null);
                    if (get.status() != 200) {
                        throw new IllegalStateException("GET answered " + get.status() + ": " + get.text());
                    }
                    check(value, get.body());
                };
            }
            case "direct" -> n -> {
                stamp(value, n);
                directKv.put(key, value);
                KeyValueEntry entry = directKv.get(key);
                check(value, entry == null ? null : entry.getValue());
            };
            case "direct-cas" -> n -> {
                stamp(value, n);
                KeyValueEntry old = directKv.get(key);
                if (old == null) {
                    directKv.create(key, value);
                } else {
                    directKv.update(key, value, old.getRevision());
                }
                KeyValueEntry entry = directKv.get(key);
                check(value, entry == null ? null : entry.getValue());
            };
            default -> throw new IllegalArgumentException("unknown side " + side);
        };
    }

    /** Makes every write differ from the last, so a get that returned a stale value is caught. */
    private static void stamp(byte[] value, long n) {
        for (int i = 0; i < 8; i++) {
            value[i] = (byte) (n >>> (8 * i));
        }
    }

    private static void check(byte[] expected, byte[] actual) {
        if (actual == null || !Arrays.equals(expected, actual)) {
            throw new IllegalStateException("read back " + (actual == null ? "nothing" : actual.length + " bytes")
                    + " that differ from the " + expected.length + " bytes written");
        }
    }

    /**
     * A minimal blocking HTTP/1.1 client on one keep-alive socket (one per worker): to tell the
     * gateway's cost from the JDK HttpClient's. It writes the request in one go and reads a
     * response with {@code Content-Length} or chunked encoding, and reopens a kept-alive
     * connection the gateway closed while it was unused; nothing else.
     */
    private static final class RawHttp {

        record Response(int status, byte[] body) {
            String text() {
                return new String(body, StandardCharsets.UTF_8);
            }
        }

        private final String host;
        private final int port;
        private java.net.Socket socket;
        private java.io.BufferedInputStream in;
        private java.io.OutputStream out;
        private final java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream(4096);

        RawHttp(URI base) {
            this.host = base.getHost();
            this.port = base.getPort();
        }

        Response exchange(String method, String path, String headers, byte[] body) throws IOException {
            boolean reused = socket != null;
            try {
                return send(method, path, headers, body);
            } catch (StaleConnectionException e) {
                if (!reused) {
                    throw e;
                }
                // The gateway closed this kept-alive connection while it sat unused (its idle
                // timeout: workers above the lower concurrency wait through those rounds). Any
                // keep-alive client opens a new one and sends again, as the JDK HttpClient does.
                return send(method, path, headers, body);
            }
        }

        private Response send(String method, String path, String headers, byte[] body) throws IOException {
            if (socket == null) {
                socket = new java.net.Socket(host, port);
                socket.setTcpNoDelay(true);
                in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
                out = socket.getOutputStream();
            }
            request.reset();
            String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + headers
                    + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n";
            request.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                request.writeBytes(body);
            }
            try {
                int first;
                try {
                    request.writeTo(out);
                    out.flush();
                    first = in.read();
                } catch (java.net.SocketException e) {
                    throw new StaleConnectionException(e);
                }
                if (first == -1) {
                    throw new StaleConnectionException(null);
                }
                return read((char) first);
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        private Response read(char first) throws IOException {
            String statusLine = first + line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    close = true;
                }
            }
            byte[] body;
            if (chunked) {
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                        size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    all.writeBytes(in.readNBytes(size));
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
                body = all.toByteArray();
            } else if (length >= 0) {
                body = in.readNBytes((int) length);
                if (body.length != length) {
                    throw new java.io.EOFException("response body cut short");
                }
            } else {
                throw new IOException("response without Content-Length or chunked encoding");
            }
            if (close) {
                close();
            }
            return new Response(status, body);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) c);
            }
            throw new java.io.EOFException("connection closed by the gateway");
        }

        /** The connection was closed before a byte of the answer came. */
        private static final class StaleConnectionException extends java.io.EOFException {
            StaleConnectionException(java.net.SocketException cause) {
                super("connection closed by the gateway before the answer began");
                initCause(cause);
            }
        }

        private void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }

    // -----------------------------------------------------------------------------------------
    // Measurement

    private record Cpu(long gateway, long nats, long self, long machineBusy, long machineTotal, long irq) {

        static Cpu sample(long gatewayPid, long natsPid, long selfPid) {
            long[] machine = machineTicks();
            return new Cpu(
                    procTicks(gatewayPid), procTicks(natsPid), procTicks(selfPid), machine[0], machine[1], machine[2]);
        }
    }

    private static final class RunResult {
        String side;
        int size;
        int concurrency;
        int round;
        long ops;
        long errors;
        String firstError;
        double seconds;
        double p50Ms;
        double p99Ms;
        double gatewayCpu; // % of one core
        double natsCpu;
        double selfCpu;
        double irqCpu;
        double machineBusy; // % of all cores
        long completed; // every op that returned, inside the window or not
        long natsMessages; // messages the gateway's and this program's connections sent to nats-server

        /** NATS round trips per op: each request or publish is one message a client sends. */
        double roundTripsPerOp() {
            return completed == 0 ? 0 : (double) natsMessages / completed;
        }

        double opsPerSecond() {
            return ops / seconds;
        }

        /** CPU microseconds per operation from a % of one core. */
        double usPerOp(double cpuPercent) {
            return ops == 0 ? 0 : cpuPercent / 100 * seconds * 1e6 / ops;
        }
    }

    private RunResult measure(String side, String task, int size, int concurrency, Duration length, int round)
            throws InterruptedException {
        List<Op> ops = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            ops.add(op(side, task, size, w));
        }
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        AtomicLong errors = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            Op op = ops.get(w);
            Thread thread = Thread.ofPlatform().name("bench-" + side + "-" + w).start(() -> {
                long[] lat = new long[1024];
                int count = 0;
                long n = round * 1_000_000_000L + worker * 10_000_000L;
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = window[1];
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    try {
                        op.run(n++);
                        completed.incrementAndGet();
                    } catch (Exception | Error e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                        sleepQuietly(10);
                        continue;
                    }
                    long t1 = System.nanoTime();
                    if (t1 > end) {
                        break; // finished after the window: not counted
                    }
                    if (count == lat.length) {
                        lat = Arrays.copyOf(lat, count * 2);
                    }
                    lat[count++] = t1 - t0;
                }
                latencies[worker] = lat;
                counts[worker] = count;
            });
            threads.add(thread);
        }
        ready.await();
        long messagesBefore = natsMessagesSent();
        Cpu before = Cpu.sample(gatewayPid, natsPid, selfPid);
        window[0] = System.nanoTime();
        window[1] = window[0] + length.toNanos();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        Cpu after = Cpu.sample(gatewayPid, natsPid, selfPid);
        long messagesAfter = natsMessagesSent();
        double seconds = length.toNanos() / 1e9;

        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int w = 0; w < concurrency; w++) {
            System.arraycopy(latencies[w], 0, all, at, counts[w]);
            at += counts[w];
        }
        Arrays.sort(all);
        RunResult r = new RunResult();
        r.side = side;
        r.size = size;
        r.concurrency = concurrency;
        r.round = round;
        r.ops = total;
        r.errors = errors.get();
        r.firstError = firstError.get();
        r.completed = completed.get();
        r.natsMessages = messagesAfter - messagesBefore;
        r.seconds = seconds;
        r.p50Ms = percentile(all, 0.50) / 1e6;
        r.p99Ms = percentile(all, 0.99) / 1e6;
        r.gatewayCpu = 100.0 * (after.gateway - before.gateway) / CLK_TCK / seconds;
        r.natsCpu = 100.0 * (after.nats - before.nats) / CLK_TCK / seconds;
        r.selfCpu = 100.0 * (after.self - before.self) / CLK_TCK / seconds;
        r.irqCpu = 100.0 * (after.irq - before.irq) / CLK_TCK / seconds;
        long totalTicks = after.machineTotal - before.machineTotal;
        r.machineBusy = totalTicks == 0 ? 0 : 100.0 * (after.machineBusy - before.machineBusy) / totalTicks;
        return r;
    }

    /**
     * Messages the gateway's connection ({@code edgeway-storage}) and this program's
     * ({@code edgeway-storage-bench}) have sent to nats-server, from its monitoring endpoint
     * ({@code /connz}, {@code in_msgs}): one per request or publish, so per op the NATS round
     * trips, counted by the server. -1 without {@code --nats-monitor}.
     */
    private long natsMessagesSent() {
        if (natsMonitor.isEmpty()) {
            return -1;
        }
        try {
            String body = http.send(
                            HttpRequest.newBuilder(URI.create(natsMonitor + "/connz?limit=1024")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            long sent = 0;
            for (JsonValue connection : JsonParser.parse(body).map.get("connections").array) {
                JsonValue name = connection.map.get("name");
                if (name != null && name.string != null && name.string.startsWith("edgeway-storage")) {
                    sent += connection.map.get("in_msgs").number.longValue();
                }
            }
            return sent;
        } catch (IOException e) {
            throw new IllegalStateException("reading " + natsMonitor + "/connz: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** utime + stime of a process in clock ticks, 0 when unknown. */
    private static long procTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, stime field 15
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** busy, total and irq+softirq ticks of the whole machine. */
    private static long[] machineTicks() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]) + Long.parseLong(f[7]);
            return new long[] {total - idle, total, irq};
        } catch (IOException | RuntimeException e) {
            return new long[3];
        }
    }

    // -----------------------------------------------------------------------------------------
    // Report

    private static String size(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        if (n == 0) {
            return 0;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private List<RunResult> of(int size, int c, String side) {
        return results.stream()
                .filter(r -> r.size == size && r.concurrency == c && r.side.equals(side))
                .toList();
    }

    private double medianOf(int size, int c, String side, java.util.function.ToDoubleFunction<RunResult> f) {
        return median(of(size, c, side).stream().map(f::applyAsDouble).toList());
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| value | concurrency | side | ops/s (median) | ops/s (min–max) | p50 ms | p99 ms | errors | ÷ direct"
                + " | NATS round trips/op | gateway µs CPU/op | nats-server µs CPU/op | load generator µs CPU/op | sum µs CPU/op | machine busy % |\n");
        md.append("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (int size : sizes) {
            for (int c : concurrencies) {
                double direct = sides.contains("direct") ? medianOf(size, c, "direct", RunResult::opsPerSecond) : 0;
                for (String side : sides) {
                    List<RunResult> runs = of(size, c, side);
                    double ops = medianOf(size, c, side, RunResult::opsPerSecond);
                    double lo = runs.stream().mapToDouble(RunResult::opsPerSecond).min().orElse(0);
                    double hi = runs.stream().mapToDouble(RunResult::opsPerSecond).max().orElse(0);
                    long errors = runs.stream().mapToLong(r -> r.errors).sum();
                    String ratio = side.equals("direct") || direct == 0
                            ? ""
                            : String.format(Locale.ROOT, side.startsWith("rest") ? "**%.2f**" : "%.2f", ops / direct);
                    boolean gatewayUsed = side.startsWith("rest");
                    md.append(String.format(
                            Locale.ROOT,
                            "| %s | %d | %s | %.0f | %.0f–%.0f | %.2f | %.2f | %d | %s | %s | %s | %.0f | %.0f | %.0f | %.0f |\n",
                            size(size), c, side, ops, lo, hi,
                            medianOf(size, c, side, r -> r.p50Ms),
                            medianOf(size, c, side, r -> r.p99Ms),
                            errors, ratio,
                            natsMonitor.isEmpty()
                                    ? "–"
                                    : String.format(Locale.ROOT, "%.2f", medianOf(size, c, side, RunResult::roundTripsPerOp)),
                            gatewayUsed
                                    ? String.format(Locale.ROOT, "%.0f", medianOf(size, c, side, r -> r.usPerOp(r.gatewayCpu)))
                                    : "–",
                            medianOf(size, c, side, r -> r.usPerOp(r.natsCpu)),
                            medianOf(size, c, side, r -> r.usPerOp(r.selfCpu)),
                            medianOf(size, c, side, r -> r.usPerOp(r.gatewayCpu + r.natsCpu + r.selfCpu)),
                            medianOf(size, c, side, r -> r.machineBusy)));
                }
            }
        }
        if (sides.contains("rest") && sides.contains("direct") && sizes.contains(1024)) {
            md.append('\n');
            for (int c : concurrencies) {
                double ratio = medianOf(1024, c, "rest", RunResult::opsPerSecond)
                        / medianOf(1024, c, "direct", RunResult::opsPerSecond);
                md.append(String.format(
                        Locale.ROOT,
                        "- target REST ≥ 0.6 × direct at 1 KiB, c%d: %.2f → %s\n",
                        c, ratio, ratio >= 0.6 ? "met" : "MISSED"));
            }
        }
        return md.toString();
    }

    private void writeRaw(Path path) throws IOException {
        StringBuilder raw = new StringBuilder(
                "size\tconcurrency\tround\tside\tops\tops_per_s\tp50_ms\tp99_ms\terrors\tgateway_cpu_pct\tnats_cpu_pct\tloadgen_cpu_pct\tirq_cpu_pct\tmachine_busy_pct\tnats_round_trips_per_op\n");
        for (RunResult r : results) {
            raw.append(String.format(
                    Locale.ROOT,
                    "%d\t%d\t%d\t%s\t%d\t%.1f\t%.3f\t%.3f\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.2f\n",
                    r.size, r.concurrency, r.round, r.side, r.ops, r.opsPerSecond(), r.p50Ms, r.p99Ms, r.errors,
                    r.gatewayCpu, r.natsCpu, r.selfCpu, r.irqCpu, r.machineBusy, r.roundTripsPerOp()));
        }
        Files.writeString(path, raw);
    }

    private static void log(String format, Object... values) {
        System.err.println("bench: " + String.format(Locale.ROOT, format, values));
    }
}
