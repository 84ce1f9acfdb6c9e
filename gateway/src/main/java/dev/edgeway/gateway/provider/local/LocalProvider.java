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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The embedded provider: functions are processes on this machine (see {@link ForkingWatchdog}
 * and {@link HttpModeProcess}). Deployments and secrets live under the data directory and
 * come back, with their processes, when a provider is constructed on the same directory.
 * Changes are serialized: they are rare, and it keeps a deployment, its file and its
 * processes in step.
 */
public final class LocalProvider implements FunctionProvider, DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(LocalProvider.class);
    /** Pipes block for as long as a process runs, so they get their own, generous pool. */
    private static final int PIPE_THREADS = 1024;

    private static final Duration SHUTDOWN = Duration.ofSeconds(15);

    private final List<String> namespaces;
    private final VersionInfo version;
    private final Scheduler pipes;
    private final FunctionStore store;
    private final LocalSecrets secrets;
    private final FunctionLauncher launcher;
    private final Map<String, LocalFunction> functions = new ConcurrentHashMap<>();
    private final Object changes = new Object();

    /** Loads the stored functions and starts their replicas (blocking; runs at startup). */
    public LocalProvider(GatewayProperties properties, HttpUpstreams upstreams, VersionInfo version) {
        GatewayProperties.Local local = properties.local();
        this.namespaces =
                local.namespaces().stream().map(FunctionNames::requireNamespace).toList();
        if (namespaces.isEmpty()) {
            throw new IllegalArgumentException("edgeway.gateway.local.namespaces: [] (expected: at least one)");
        }
        this.version = version;
        this.pipes = Schedulers.newBoundedElastic(PIPE_THREADS, 100_000, "edgeway-local-pipes");
        Path data = properties.dataDir();
        this.secrets = LocalSecrets.open(local.secretMountPath(), data.resolve("secrets"));
        this.store = new FunctionStore(data.resolve("functions"));
        this.launcher = new FunctionLauncher(secrets, data.resolve("logs"), local, upstreams, pipes);
        for (StoredFunction stored : store.load(namespaces)) {
            functions.put(key(stored.name(), stored.namespace()), launcher.launch(stored));
        }
        logger.info("Local provider restored {} function(s) from {}", functions.size(), data.toAbsolutePath());
    }

    @Override
    public String defaultNamespace() {
        return namespaces.get(0);
    }

    @Override
    public Mono<List<FunctionStatus>> list(String namespace) {
        return Mono.fromCallable(() -> {
            String ns = requireNamespace(namespace);
            return functions.values().stream()
                    .filter(f -> f.stored().namespace().equals(ns))
                    .map(LocalFunction::status)
                    .sorted(Comparator.comparing(FunctionStatus::name))
                    .toList();
        });
    }

    @Override
    public Mono<FunctionStatus> status(String name, String namespace) {
        return Mono.fromSupplier(() -> functions.get(key(name, namespace))).map(LocalFunction::status);
    }

    @Override
    public Mono<Void> deploy(FunctionDeployment deployment) {
        return blocking(() -> {
            FunctionDeployment valid = validate(deployment);
            String key = key(valid.service(), valid.namespace());
            synchronized (changes) {
                if (functions.containsKey(key)) {
                    throw ProviderException.conflict("function " + key + " already exists");
                }
                StoredFunction stored = new StoredFunction(
                        valid, Instant.now().truncatedTo(ChronoUnit.SECONDS), StoredFunction.initialReplicas(valid, 1));
                store.save(stored);
                functions.put(key, launcher.launch(stored));
            }
            return null;
        });
    }

    @Override
    public Mono<Void> update(FunctionDeployment deployment) {
        return blocking(() -> {
            FunctionDeployment valid = validate(deployment);
            synchronized (changes) {
                LocalFunction function = require(valid.service(), valid.namespace());
                StoredFunction old = function.stored();
                StoredFunction updated = new StoredFunction(
                        valid, old.createdAt(), StoredFunction.initialReplicas(valid, old.replicas()));
                store.save(updated);
                function.replace(updated, launcher.replicas(updated, function.log()))
                        .subscribe();
            }
            return null;
        });
    }

    @Override
    public Mono<Void> delete(String name, String namespace) {
        return blocking(() -> {
            synchronized (changes) {
                require(name, namespace);
                store.delete(name, namespace);
                functions.remove(key(name, namespace)).close().subscribe();
            }
            return null;
        });
    }

    @Override
    public Mono<Void> scale(String name, String namespace, long replicas) {
        return blocking(() -> {
            synchronized (changes) {
                LocalFunction function = require(name, namespace);
                StoredFunction scaled = function.stored().withReplicas(replicas);
                store.save(scaled);
                function.scale(scaled);
            }
            return null;
        });
    }

    @Override
    public Mono<FunctionUpstream> upstream(String name, String namespace) {
        return Mono.defer(() -> {
            LocalFunction function = functions.get(key(name, namespace));
            if (function == null) {
                return Mono.error(
                        ProviderException.notFound("error finding function " + key(name, namespace) + ": not found"));
            }
            return function.upstream()
                    .map(Mono::just)
                    .orElseGet(() -> Mono.error(new ProviderException(
                            HttpStatus.SERVICE_UNAVAILABLE, "No endpoints available for: " + name + ".")));
        });
    }

    @Override
    public Mono<ProviderInfo> info() {
        return Mono.just(new ProviderInfo("edgeway-local", "process", version));
    }

    @Override
    public Mono<List<String>> namespaces() {
        return Mono.just(namespaces);
    }

    @Override
    public Mono<List<Secret>> secrets(String namespace) {
        return blocking(() -> secrets.list(requireNamespace(namespace)));
    }

    @Override
    public Mono<Void> createSecret(Secret secret) {
        return blocking(() -> {
            secrets.create(secretName(secret), requireNamespace(secret.namespace()), secret.bytes());
            return null;
        });
    }

    @Override
    public Mono<Void> updateSecret(Secret secret) {
        return blocking(() -> {
            secrets.update(secretName(secret), requireNamespace(secret.namespace()), secret.bytes());
            return null;
        });
    }

    @Override
    public Mono<Void> deleteSecret(String name, String namespace) {
        return blocking(() -> {
            secrets.delete(FunctionNames.requireSecret(name), requireNamespace(namespace));
            return null;
        });
    }

    @Override
    public Flux<LogEntry> logs(LogRequest request) {
        return Flux.defer(() -> {
            LocalFunction function = functions.get(key(request.name(), request.namespace()));
            if (function == null) {
                return Flux.error(ProviderException.notFound(
                        "function " + key(request.name(), request.namespace()) + " not found"));
            }
            return function.log().read(request);
        });
    }

    /** Stops every function process: SIGTERM, then SIGKILL for those that do not exit in time. */
    @Override
    public void destroy() {
        List<LocalFunction> running = List.copyOf(functions.values());
        functions.clear();
        try {
            // Shutdown runs on Spring's closing thread, and must not return while children live.
            Flux.fromIterable(running).flatMap(LocalFunction::close).then().block(SHUTDOWN);
        } catch (RuntimeException e) {
            logger.warn("Not every function process stopped within {}: {}", SHUTDOWN, e.toString());
        }
        pipes.dispose();
    }

    private FunctionDeployment validate(FunctionDeployment deployment) {
        String namespace = requireNamespace(deployment.namespace());
        FunctionNames.requireService(deployment.service());
        FunctionCommand.requireProcess(deployment);
        for (String secret : deployment.secrets()) {
            if (!secrets.exists(FunctionNames.requireSecret(secret), namespace)) {
                throw ProviderException.badRequest("unable to find secret: " + secret);
            }
        }
        return deployment.inNamespace(namespace);
    }

    private String requireNamespace(@Nullable String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return defaultNamespace();
        }
        if (!namespaces.contains(namespace)) {
            throw ProviderException.badRequest("namespace must be one of: " + String.join(", ", namespaces));
        }
        return namespace;
    }

    private static String secretName(Secret secret) {
        return FunctionNames.requireSecret(secret.name() == null ? "" : secret.name());
    }

    private LocalFunction require(String name, String namespace) {
        LocalFunction function = functions.get(key(name, namespace));
        if (function == null) {
            throw ProviderException.notFound("function " + key(name, namespace) + " not found");
        }
        return function;
    }

    /** Names and namespaces are DNS labels, so {@code name.namespace} is unambiguous. */
    private static String key(String name, @Nullable String namespace) {
        return name + "." + namespace;
    }

    /** File and process work runs off the event loop. */
    private static <T> Mono<T> blocking(Callable<@Nullable T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
