package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.gateway.provider.LogEntry;
import dev.edgeway.gateway.provider.LogRequest;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.ProviderInfo;
import dev.edgeway.gateway.provider.Secret;
import dev.edgeway.gateway.provider.VersionInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The embedded provider: functions are processes on this machine, forked per call
 * ({@link ForkingWatchdog}) or long-running HTTP servers ({@link HttpModeProcess}).
 * Deployments, secrets and logs live under the data directory; constructing a provider on the
 * same directory brings the functions back and starts their processes.
 */
public final class LocalProvider implements FunctionProvider, DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(LocalProvider.class);
    /** HTTP-mode replicas' log pipes block for as long as a replica runs: a generous pool of their own. */
    private static final int PIPE_THREADS = 1024;

    private static final Duration SHUTDOWN = Duration.ofSeconds(15);
    /** How often running cgroups are read for {@code usage}; the autoscaler's default interval. */
    static final Duration USAGE_SAMPLE = Duration.ofSeconds(5);

    private final LocalNamespaces namespaces;
    private final VersionInfo version;
    private final Scheduler pipes;
    private final Scheduler forkPipes;
    private final LocalSecrets secrets;
    private final LocalFunctions functions;
    private final Sandbox sandbox;
    private final Cgroups cgroups;
    private final Disposable sampling;

    /** An unsandboxed provider without cgroups, for tests of everything but the sandbox and limits. */
    public LocalProvider(GatewayProperties properties, HttpUpstreams upstreams, VersionInfo version) {
        this(properties, upstreams, version, Sandbox.off());
    }

    LocalProvider(GatewayProperties properties, HttpUpstreams upstreams, VersionInfo version, Sandbox sandbox) {
        this(properties, upstreams, version, sandbox, Cgroups.off(), new SimpleMeterRegistry());
    }

    /** Loads the stored functions and starts their replicas (blocking; runs at startup). */
    LocalProvider(
            GatewayProperties properties,
            HttpUpstreams upstreams,
            VersionInfo version,
            Sandbox sandbox,
            Cgroups cgroups,
            MeterRegistry registry) {
        GatewayProperties.Local local = properties.local();
        Path data = properties.dataDir();
        this.sandbox = sandbox;
        this.cgroups = cgroups;
        FunctionStore store = new FunctionStore(data.resolve("functions"));
        this.namespaces = new LocalNamespaces(local.namespaces(), store.namespaces());
        for (String retired : namespaces.retired()) {
            logger.warn(
                    "Namespace {} is no longer in edgeway.gateway.local.namespaces but holds functions: they are"
                            + " restored and can be listed and deleted; new deployments there are refused",
                    retired);
        }
        this.version = version;
        this.pipes = Schedulers.newBoundedElastic(PIPE_THREADS, 100_000, "edgeway-local-pipes");
        this.secrets = LocalSecrets.in(data.resolve("secrets"));
        if (!sandbox.enabled()) {
            secrets.linkOpenFaasPath(local.secretMountPath(), namespaces.defaultNamespace());
        }
        this.forkPipes = forkPipes();
        ReplicaPidFiles pids = new ReplicaPidFiles(data.resolve("run"));
        stopLeftovers(pids);
        FunctionLauncher launcher = new FunctionLauncher(
                secrets, sandbox, cgroups, registry, data.resolve("logs"), local, upstreams, pipes, forkPipes, pids);
        this.functions = new LocalFunctions(namespaces, secrets, store, launcher);
        int restored = functions.restore();
        logger.info("Local provider restored {} function(s) from {}", restored, data.toAbsolutePath());
        this.sampling = cgroups.enabled() ? sampleUsage() : Disposables.disposed();
    }

    /**
     * Every {@link #USAGE_SAMPLE}, reads each function's running cgroups: its CPU use and memory
     * in {@code usage}, and the HTTP-mode replicas' CPU time per interval. Calls never wait for it.
     */
    private Disposable sampleUsage() {
        return Flux.interval(USAGE_SAMPLE, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> Mono.fromRunnable(() -> functions.all().forEach(LocalFunction::sample)))
                .onErrorContinue((e, tick) -> logger.warn("Sampling function usage failed: {}", e.toString()))
                .subscribe();
    }

    /** Replicas of a gateway killed before it could stop them would run beside the new ones. */
    private static void stopLeftovers(ReplicaPidFiles pids) {
        try {
            int stopped = pids.stopLeftovers();
            if (stopped > 0) {
                logger.info("Stopped {} function replica(s) left behind by an earlier run", stopped);
            }
        } catch (IOException e) {
            logger.warn("Could not stop the function replicas of an earlier run: {}", e.getMessage());
        }
    }

    @Override
    public String defaultNamespace() {
        return namespaces.defaultNamespace();
    }

    @Override
    public Mono<List<FunctionStatus>> list(String namespace) {
        return Mono.fromCallable(() -> functions.in(namespaces.resolve(namespace)).stream()
                .map(LocalFunction::status)
                .sorted(Comparator.comparing(FunctionStatus::name))
                .toList());
    }

    @Override
    public Mono<FunctionStatus> status(String name, String namespace) {
        return Mono.fromCallable(() -> functions.find(name, namespace))
                .flatMap(Mono::justOrEmpty)
                .map(LocalFunction::status);
    }

    @Override
    public Mono<Void> deploy(FunctionDeployment deployment) {
        return blocking(() -> functions.deploy(deployment));
    }

    @Override
    public Mono<Void> update(FunctionDeployment deployment) {
        return blocking(() -> functions.update(deployment));
    }

    @Override
    public Mono<Void> delete(String name, String namespace) {
        return blocking(() -> functions.delete(name, namespace));
    }

    @Override
    public Mono<Void> scale(String name, String namespace, long replicas) {
        return blocking(() -> functions.scale(name, namespace, replicas));
    }

    @Override
    public Mono<FunctionUpstream> upstream(String name, String namespace) {
        return Mono.defer(() -> {
            LocalFunction function = functions.find(name, namespace).orElse(null);
            if (function == null) {
                return Mono.error(ProviderException.functionNotFound(name, namespace));
            }
            return function.upstream()
                    .map(Mono::just)
                    .orElseGet(() -> Mono.error(new ProviderException(
                            HttpStatus.SERVICE_UNAVAILABLE, "No endpoints available for: " + name + ".")));
        });
    }

    @Override
    public Mono<ProviderInfo> info() {
        return Mono.just(new ProviderInfo("edgeway-local", "process", version, sandbox.describe(), cgroups.describe()));
    }

    @Override
    public Mono<List<String>> namespaces() {
        return Mono.just(namespaces.all());
    }

    @Override
    public Mono<List<Secret>> secrets(String namespace) {
        return Mono.fromCallable(() -> secrets.list(namespaces.resolve(namespace)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> createSecret(Secret secret) {
        return blocking(() -> secrets.create(name(secret), namespaces.resolve(secret.namespace()), secret.bytes()));
    }

    @Override
    public Mono<Void> updateSecret(Secret secret) {
        return blocking(() -> secrets.update(name(secret), namespaces.resolve(secret.namespace()), secret.bytes()));
    }

    @Override
    public Mono<Void> deleteSecret(String name, String namespace) {
        return blocking(() -> secrets.delete(FunctionNames.requireSecret(name), namespaces.resolve(namespace)));
    }

    @Override
    public Flux<LogEntry> logs(LogRequest request) {
        return Flux.defer(() -> functions
                .find(request.name(), request.namespace())
                .map(function -> function.log().read(request))
                .orElseGet(() -> Flux.error(ProviderException.functionNotFound(request.name(), request.namespace()))));
    }

    /** Stops every function process: SIGTERM, then SIGKILL for those that do not exit in time. */
    @Override
    public void destroy() {
        sampling.dispose();
        try {
            // Runs on Spring's closing thread, never an event loop, and must not return while
            // child processes live: they would outlive the gateway.
            Flux.fromIterable(functions.release())
                    .flatMap(LocalFunction::close)
                    .then()
                    .block(SHUTDOWN);
        } catch (RuntimeException e) {
            logger.warn("Not every function process stopped within {}: {}", SHUTDOWN, e.toString());
        }
        cgroups.close();
        pipes.dispose();
        forkPipes.dispose();
    }

    /**
     * Classic calls block one thread per pipe for as long as their process runs. Each such task
     * gets a thread of its own at once, because a cached pool hands tasks over and never queues
     * them: on a shared bounded pool the stdin of one call queued behind the blocked stdout read
     * of another, and calls waited for each other forever. The fork limits bound how many
     * threads this makes (a few per running process).
     */
    private static Scheduler forkPipes() {
        ExecutorService threads = Executors.newCachedThreadPool(
                Thread.ofPlatform().name("edgeway-fork-pipe-", 0).daemon().factory());
        return Schedulers.fromExecutorService(threads, "edgeway-fork-pipes");
    }

    private static String name(Secret secret) {
        return FunctionNames.requireSecret(secret.name() == null ? "" : secret.name());
    }

    /** File and process work runs off the event loop. */
    private static Mono<Void> blocking(Runnable work) {
        return Mono.fromRunnable(work).subscribeOn(Schedulers.boundedElastic()).then();
    }
}
