package dev.edgeway.gateway.provider.local;

import static dev.edgeway.gateway.provider.local.TestFunctions.NS;
import static dev.edgeway.gateway.provider.local.TestFunctions.WAIT;
import static dev.edgeway.gateway.provider.local.TestFunctions.call;
import static dev.edgeway.gateway.provider.local.TestFunctions.get;
import static dev.edgeway.gateway.provider.local.TestFunctions.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionResources;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.gateway.provider.MeasuredUsage;
import dev.edgeway.gateway.provider.VersionInfo;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code limits} enforced with cgroups on real processes (sandboxed where bubblewrap runs), and
 * what the cgroups measured. Skipped, with the reason, where the gateway may create no cgroup.
 */
@Timeout(120)
class CgroupLimitsIT {

    private static final int MAX_PIDS = 24;
    private static final String ALLOCATE = "x = bytearray(256 * 1024 * 1024)\nprint('allocated 256Mi')\n";
    /** Busy for one second of wall time, however much CPU that gets. */
    private static final String SPIN = """
            import time
            end = time.monotonic() + 1.0
            n = 0
            while time.monotonic() < end:
                n += 1
            print(n)
            """;
    /** Forks up to 64 sleeping children and prints how many it got. */
    private static final String FORK = """
            import os, time
            children = []
            for i in range(64):
                try:
                    pid = os.fork()
                except OSError:
                    break
                if pid == 0:
                    time.sleep(10)
                    os._exit(0)
                children.append(pid)
            print(len(children))
            for pid in children:
                os.kill(pid, 9)
            """;

    private static final String SERVER = """
            import http.server, os
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    body = str(sum(range(200000))).encode()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
            http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
            """;

    /** An HTTP-mode server that allocates 256Mi on every GET. */
    private static final String GREEDY = """
            import http.server, os
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    hoard = bytearray(256 * 1024 * 1024)
                    self.send_response(200)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
            http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
            """;

    @TempDir
    static Path dir;

    private static HttpUpstreams upstreams;
    private static LocalProvider provider;
    private static Cgroups cgroups;
    private static SimpleMeterRegistry registry;
    private static Path data;

    @BeforeAll
    static void start() {
        data = dir.resolve("data");
        cgroups = Cgroups.start(CgroupMode.AUTO, data, MAX_PIDS);
        assumeTrue(
                cgroups.enabled(),
                "no cgroup can be created on this machine (not root, or no delegated cgroup): see the warning logged by"
                        + " Cgroups");
        upstreams = new HttpUpstreams(4, Duration.ofSeconds(10));
        registry = new SimpleMeterRegistry();
        provider = new LocalProvider(
                TestFunctions.properties(data, data.resolve("mount")),
                upstreams,
                new VersionInfo(null, "t", "t"),
                Sandbox.start(SandboxMode.AUTO, Path.of("/usr/bin/bwrap"), List.of(data)),
                cgroups,
                registry);
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.destroy();
            upstreams.close();
        }
    }

    @Test
    void aFunctionKilledForItsMemoryAnswers500SayingSo() throws IOException {
        Path allocate = script(dir, "allocate.py", ALLOCATE);
        deploy("hog", "python3 " + allocate, Map.of("combine_output", "false"), "64Mi", null);

        TestFunctions.Answer answer = call(provider.upstream("hog", NS).block(WAIT), get("hog"));

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).startsWith("killed: memory limit 64Mi exceeded\n");
        Path log = data.resolve("logs").resolve(NS).resolve("hog.log");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(Files.readString(log)).contains("killed: memory limit 64Mi exceeded"));
        MeasuredUsage measured = provider.status("hog", NS).block(WAIT).edgewayUsage();
        assertThat(measured.oomKills()).isPositive();
        assertThat(measured.maxMemoryPeakBytes()).isGreaterThanOrEqualTo(60L << 20);
    }

    @Test
    void aCpuLimitThrottlesABusyLoop() throws IOException {
        Path spin = script(dir, "spin.py", SPIN);
        deploy("spin-limited", "python3 " + spin, Map.of(), null, "20m");
        deploy("spin-free", "python3 " + spin, Map.of(), null, null);

        double limited = cpuOverWallTime("spin-limited");
        double free = cpuOverWallTime("spin-free");

        // A fiftieth of a CPU against whatever a busy machine leaves an unlimited loop (a quarter
        // of one at a load average of 30 on two cores).
        assertThat(limited).isLessThan(free / 2);
    }

    private static double cpuOverWallTime(String name) {
        long started = System.nanoTime();
        TestFunctions.Answer answer = call(provider.upstream(name, NS).block(WAIT), get(name));
        double wall = (System.nanoTime() - started) / 1e9;
        assertThat(answer.status()).isEqualTo(200);
        return provider.status(name, NS).block(WAIT).edgewayUsage().lastCpuSeconds() / wall;
    }

    @Test
    void thePidsLimitRefusesAForkBombBeyondIt() throws IOException {
        Path fork = script(dir, "fork.py", FORK);
        deploy("forker", "python3 " + fork, Map.of("combine_output", "false"), null, null);

        TestFunctions.Answer answer = call(provider.upstream("forker", NS).block(WAIT), get("forker"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(Integer.parseInt(answer.body().trim())).isPositive().isLessThan(MAX_PIDS);
    }

    @Test
    void recordsEachCallsCpuTimeAndPeakMemoryPerFunction() throws IOException {
        Path spin = script(dir, "measured.py", SPIN);
        deploy("measured", "python3 " + spin, Map.of(), "256Mi", null);

        call(provider.upstream("measured", NS).block(WAIT), get("measured"));
        call(provider.upstream("measured", NS).block(WAIT), get("measured"));

        DistributionSummary cpu = summary("gateway.function.cpu", "measured", "call");
        DistributionSummary memory = summary("gateway.function.memory.peak", "measured", "call");
        assertThat(cpu.count()).isEqualTo(2);
        assertThat(cpu.totalAmount()).isPositive();
        assertThat(memory.count()).isEqualTo(2);
        assertThat(memory.max()).isPositive();
        MeasuredUsage measured = provider.status("measured", NS).block(WAIT).edgewayUsage();
        assertThat(measured.limits()).startsWith("cgroup-v");
        assertThat(measured.scope()).isEqualTo("call");
        assertThat(measured.measured()).isEqualTo(2);
        assertThat(measured.cpuSeconds()).isCloseTo(cpu.totalAmount(), within(1e-6));
        assertThat(measured.oomKills()).isZero();
    }

    @Test
    void samplesHttpModeReplicasAndRemovesTheirCgroupsWithTheFunction() throws IOException {
        Path server = script(dir, "server.py", SERVER);
        deploy("served", "python3 " + server, Map.of("mode", "http"), "128Mi", "500m");
        await().atMost(WAIT)
                .until(() -> provider.status("served", NS).block(WAIT).availableReplicas() == 1);
        Set<Path> dirs = cgroups.directories("served." + NS);
        assertThat(dirs).allSatisfy(d -> assertThat(d).isDirectory());

        call(provider.upstream("served", NS).block(WAIT), get("served"));

        await().atMost(WAIT).untilAsserted(() -> {
            FunctionStatus status = provider.status("served", NS).block(WAIT);
            assertThat(status.usage()).isNotNull();
            assertThat(status.usage().totalMemoryBytes()).isPositive();
            assertThat(status.edgewayUsage().scope()).isEqualTo("replica");
            assertThat(summary("gateway.function.cpu", "served", "replica").count())
                    .isPositive();
        });
        provider.delete("served", NS).block(WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(dirs)
                .allSatisfy(d -> assertThat(d).doesNotExist()));
    }

    @Test
    void anHttpModeCallCutShortByTheMemoryLimitAnswers500SayingSoAndTheReplicaRestarts() throws IOException {
        Path greedy = script(dir, "greedy.py", GREEDY);
        deploy("greedy", "python3 " + greedy, Map.of("mode", "http"), "64Mi", null);
        await().atMost(WAIT)
                .until(() -> provider.status("greedy", NS).block(WAIT).availableReplicas() == 1);

        TestFunctions.Answer answer = call(provider.upstream("greedy", NS).block(WAIT), get("greedy"));

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("killed: memory limit 64Mi exceeded\n");
        assertThat(answer.headers().getContentType()).hasToString("text/plain;charset=utf-8");
        Path log = data.resolve("logs").resolve(NS).resolve("greedy.log");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(Files.readString(log)).contains("killed: memory limit 64Mi exceeded"));
        await().atMost(WAIT)
                .until(() -> provider.status("greedy", NS).block(WAIT).availableReplicas() == 1);
        assertThat(provider.status("greedy", NS).block(WAIT).edgewayUsage().oomKills())
                .isPositive();
    }

    @Test
    void removesACallsCgroupWhenItEndsAndTheFunctionsWhenDeleted() throws IOException {
        deploy("brief", "cat", Map.of(), "32Mi", "250m");
        Set<Path> dirs = cgroups.directories("brief." + NS);

        assertThat(call(provider.upstream("brief", NS).block(WAIT), TestFunctions.post("brief", "hi"))
                        .body())
                .isEqualTo("hi");
        await().atMost(WAIT).untilAsserted(() -> assertThat(dirs)
                .allSatisfy(d -> assertThat(leaves(d)).isEmpty()));
        provider.delete("brief", NS).block(WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(dirs)
                .allSatisfy(d -> assertThat(d).doesNotExist()));
    }

    @Test
    void theRemovalOfADeletedDeploymentLeavesTheCgroupsOfTheNextOneAlone() throws IOException {
        // A deployment's removal runs after its processes are gone, in the background: a function
        // deployed again at once (faas-cli remove, then deploy) has made its first call's cgroup by then.
        String function = "again." + NS;
        ResourceLimits limits = new ResourceLimits(32L << 20, 250L);
        Cgroup deleted = cgroups.create(function, "call", limits);
        Cgroup next = cgroups.create(function, "call", limits);
        Set<Path> functionDirs = cgroups.directories(function);

        cgroups.removal(function, List.of(deleted)).block(WAIT);

        assertThat(functionDirs).allSatisfy(d -> assertThat(leaves(d)).hasSize(1));
        next.close((usage, unsampled, removed) -> assertThat(removed).isTrue());
        cgroups.removal(function, List.of()).block(WAIT);
        assertThat(functionDirs).allSatisfy(d -> assertThat(d).doesNotExist());
    }

    @Test
    void aStoppedGatewayLeavesNoCgroupsAndTwoGatewaysHaveTheirOwn() throws IOException {
        Path other = dir.resolve("other");
        Cgroups own = Cgroups.start(CgroupMode.REQUIRED, other, MAX_PIDS);
        assertThat(own.parents()).doesNotContainAnyElementsOf(cgroups.parents());
        LocalProvider second = new LocalProvider(
                TestFunctions.properties(other, other.resolve("mount")),
                upstreams,
                new VersionInfo(null, "t", "t"),
                Sandbox.off(),
                own,
                new SimpleMeterRegistry());
        second.deploy(TestFunctions.deployment("echo", "cat")).block(WAIT);
        call(second.upstream("echo", NS).block(WAIT), TestFunctions.post("echo", "x"));
        assertThat(own.parents()).allSatisfy(p -> assertThat(p).isDirectory());

        second.destroy();

        assertThat(own.parents()).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(cgroups.parents()).allSatisfy(p -> assertThat(p).isDirectory());
    }

    @Test
    void aSecondInstanceOnTheSameDataDirectoryLeavesTheRunningOnesCgroupsAlone() throws IOException {
        Path server = script(dir, "steady.py", SERVER);
        deploy("steady", "python3 " + server, Map.of("mode", "http"), "128Mi", null);
        await().atMost(WAIT)
                .until(() -> provider.status("steady", NS).block(WAIT).availableReplicas() == 1);
        Set<Path> dirs = cgroups.directories("steady." + NS);
        List<Path> replicas = leaves(dirs.iterator().next());

        Cgroups second = Cgroups.start(CgroupMode.REQUIRED, data, MAX_PIDS);
        try {
            assertThat(second.parents()).doesNotContainAnyElementsOf(cgroups.parents());
            assertThat(replicas).isNotEmpty().allSatisfy(d -> assertThat(d).isDirectory());
            assertThat(call(provider.upstream("steady", NS).block(WAIT), get("steady"))
                            .status())
                    .isEqualTo(200);
        } finally {
            second.close();
        }

        assertThat(second.parents()).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(replicas).allSatisfy(d -> assertThat(d).isDirectory());
        provider.delete("steady", NS).block(WAIT);
    }

    @Test
    void removesTheCgroupsOfAKilledRunOnTheSameDataDirectoryAndKillsWhatRunsInThem() throws Exception {
        Path killedData = dir.resolve("killed").resolve("data");
        Files.createDirectories(killedData);
        Cgroups first = Cgroups.start(CgroupMode.REQUIRED, killedData, MAX_PIDS);
        Path server = script(dir, "web.py", SERVER);
        Process gateway = KilledGateway.start(killedData, "python3 " + server, "cgroups", dir.resolve("killed.log"));
        try {
            Path ready = killedData.resolveSibling("ready");
            await().atMost(WAIT).until(() -> Files.exists(ready));
            List<Path> parents =
                    Files.readAllLines(ready).stream().map(Path::of).toList();
            assertThat(parents).doesNotContainAnyElementsOf(first.parents());
            Path replica = leaves(parents.getFirst().resolve("web." + NS)).getFirst();
            List<String> pids = Files.readAllLines(replica.resolve("cgroup.procs"));
            assertThat(pids).isNotEmpty();
            gateway.destroyForcibly().waitFor();
            assertThat(ProcessHandle.of(Long.parseLong(pids.getFirst())).filter(ProcessHandle::isAlive))
                    .as("the replica outlives its gateway")
                    .isPresent();

            first.close();
            Cgroups next = Cgroups.start(CgroupMode.REQUIRED, killedData, MAX_PIDS);
            try {
                assertThat(next.parents()).isEqualTo(first.parents());
                await().atMost(WAIT).untilAsserted(() -> assertThat(parents)
                        .allSatisfy(p -> assertThat(p).doesNotExist()));
                await().atMost(WAIT).until(() -> ProcessHandle.of(Long.parseLong(pids.getFirst()))
                        .filter(ProcessHandle::isAlive)
                        .isEmpty());
            } finally {
                next.close();
            }
        } finally {
            gateway.destroyForcibly();
        }
    }

    @Test
    void weighsTheFunctionsTogetherAsManyBusyThreadsAsTheGatewayHasCpus() {
        int cpus = Runtime.getRuntime().availableProcessors();

        assertThat(cgroups.parents())
                .filteredOn(p -> Files.exists(p.resolve("cpu.shares")) || Files.exists(p.resolve("cpu.weight")))
                .singleElement()
                .satisfies(cpu -> assertThat(
                                Files.exists(cpu.resolve("cpu.shares"))
                                        ? cpu.resolve("cpu.shares")
                                        : cpu.resolve("cpu.weight"))
                        .hasContent(Integer.toString(
                                Files.exists(cpu.resolve("cpu.shares")) ? cpus * 1024 : Math.min(10_000, cpus * 100))));
    }

    /** The cgroups below a function's directory: its calls' and replicas'. */
    private static List<Path> leaves(Path function) throws IOException {
        assertThat(function).isDirectory();
        try (var entries = Files.list(function)) {
            return entries.filter(Files::isDirectory).toList();
        }
    }

    private static DistributionSummary summary(String name, String function, String scope) {
        return registry.get(name)
                .tags("function_name", function + "." + NS, "scope", scope)
                .summary();
    }

    private static void deploy(
            String name, String fprocess, Map<String, String> env, @Nullable String memory, @Nullable String cpu) {
        FunctionResources limits =
                memory == null && cpu == null ? null : new FunctionResources(memory, cpu, null, null, null);
        provider.deploy(new FunctionDeployment(
                        name, "local", NS, fprocess, env, List.of(), List.of(), Map.of(), Map.of(), limits, null,
                        false))
                .block(WAIT);
    }
}
