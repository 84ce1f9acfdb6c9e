package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.ProviderException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deployed functions: a registry read without locks, and the changes to it (deploy,
 * update, delete, scale), each saved to disk before it takes effect. Changes are serialized:
 * they are rare, and it keeps a deployment, its file and its processes in step. Blocking, so
 * callers run it off the event loop.
 */
final class LocalFunctions {

    private final LocalNamespaces namespaces;
    private final LocalSecrets secrets;
    private final FunctionStore store;
    private final FunctionLauncher launcher;
    private final Map<String, LocalFunction> functions = new ConcurrentHashMap<>();

    LocalFunctions(LocalNamespaces namespaces, LocalSecrets secrets, FunctionStore store, FunctionLauncher launcher) {
        this.namespaces = namespaces;
        this.secrets = secrets;
        this.store = store;
        this.launcher = launcher;
    }

    /** Loads the stored functions and starts their replicas; answers how many there are. */
    synchronized int restore() {
        for (StoredFunction stored : store.load(namespaces.all())) {
            functions.put(key(stored.name(), stored.namespace()), launcher.launch(stored));
        }
        return functions.size();
    }

    Optional<LocalFunction> find(String name, String namespace) {
        return Optional.ofNullable(functions.get(key(name, namespace)));
    }

    List<LocalFunction> all() {
        return List.copyOf(functions.values());
    }

    List<LocalFunction> in(String namespace) {
        return functions.values().stream()
                .filter(f -> f.stored().namespace().equals(namespace))
                .toList();
    }

    synchronized void deploy(FunctionDeployment deployment) {
        FunctionDeployment valid = validate(deployment);
        String key = key(valid.service(), valid.namespace());
        if (functions.containsKey(key)) {
            throw ProviderException.conflict("function " + key + " already exists");
        }
        StoredFunction stored = new StoredFunction(
                valid, Instant.now().truncatedTo(ChronoUnit.SECONDS), StoredFunction.initialReplicas(valid, 1));
        store.save(stored);
        functions.put(key, launcher.launch(stored));
    }

    /** Replaces a deployment, keeping its creation time, and its replicas unless it sets a minimum. */
    synchronized void update(FunctionDeployment deployment) {
        FunctionDeployment valid = validate(deployment);
        LocalFunction function = require(valid.service(), valid.namespace());
        StoredFunction old = function.stored();
        StoredFunction updated =
                new StoredFunction(valid, old.createdAt(), StoredFunction.initialReplicas(valid, old.replicas()));
        store.save(updated);
        // The old processes stop in the background; the new ones use new ports.
        function.replace(updated, launcher.replicas(updated, function.log())).subscribe();
    }

    synchronized void delete(String name, String namespace) {
        require(name, namespace);
        store.delete(name, namespace);
        functions.remove(key(name, namespace)).close().subscribe();
    }

    synchronized void scale(String name, String namespace, long replicas) {
        LocalFunction function = require(name, namespace);
        StoredFunction scaled = function.stored().withReplicas(replicas);
        store.save(scaled);
        function.scale(scaled);
    }

    /** Forgets every function without deleting it, for shutdown; the caller stops them. */
    synchronized List<LocalFunction> release() {
        List<LocalFunction> all = List.copyOf(functions.values());
        functions.clear();
        return all;
    }

    private FunctionDeployment validate(FunctionDeployment deployment) {
        String namespace = namespaces.resolveForDeploy(deployment.namespace());
        FunctionNames.requireService(deployment.service());
        FunctionCommand.requireProcess(deployment);
        FunctionCommand.requireReachable(deployment);
        ResourceLimits.of(deployment);
        MaxInflight.of(deployment.envVars());
        for (String secret : deployment.secrets()) {
            if (!secrets.exists(FunctionNames.requireSecret(secret), namespace)) {
                throw ProviderException.badRequest("unable to find secret: " + secret);
            }
        }
        return deployment.inNamespace(namespace);
    }

    private LocalFunction require(String name, String namespace) {
        return find(name, namespace).orElseThrow(() -> ProviderException.functionNotFound(name, namespace));
    }

    /** Names and namespaces are DNS labels, so {@code name.namespace} is unambiguous. */
    static String key(String name, String namespace) {
        return name + "." + namespace;
    }
}
