package dev.edgeway.gateway.provider.kubernetes;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Watches the function namespaces' Deployments and Endpoints into local caches, so that status,
 * lists and every invocation read memory instead of calling the API server (faas-netes does the
 * same with its listers). Each start makes new informers, so the lifecycle can be stopped and
 * started again (Spring restarts cached test contexts).
 */
final class FunctionInformers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FunctionInformers.class);

    private final KubernetesClient client;
    private final List<String> namespaces;
    private final Duration syncTimeout;
    private final Map<String, SharedIndexInformer<Deployment>> deployments = new ConcurrentHashMap<>();
    private final Map<String, SharedIndexInformer<Endpoints>> endpoints = new ConcurrentHashMap<>();
    private volatile boolean running;

    FunctionInformers(KubernetesClient client, List<String> namespaces, Duration syncTimeout) {
        this.client = client;
        this.namespaces = List.copyOf(namespaces);
        this.syncTimeout = syncTimeout;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        List<CompletableFuture<?>> synced = new ArrayList<>();
        for (String namespace : namespaces) {
            SharedIndexInformer<Deployment> functions = client.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withLabel(FunctionManifests.FUNCTION_LABEL)
                    .runnableInformer(0);
            SharedIndexInformer<Endpoints> addresses =
                    client.endpoints().inNamespace(namespace).runnableInformer(0);
            deployments.put(namespace, functions);
            endpoints.put(namespace, addresses);
            synced.add(functions.start().toCompletableFuture());
            synced.add(addresses.start().toCompletableFuture());
        }
        running = true;
        try {
            CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new))
                    .get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The informers keep retrying; until they have synced, health() says so.
            log.warn(
                    "Kubernetes informers not synced within {}: the provider answers as their caches fill",
                    syncTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Kubernetes informers failed to start: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        deployments.values().forEach(SharedIndexInformer::stop);
        endpoints.values().forEach(SharedIndexInformer::stop);
        deployments.clear();
        endpoints.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Whether every cache has been filled from the API server at least once. */
    boolean synced() {
        return running
                && deployments.values().stream().allMatch(SharedIndexInformer::hasSynced)
                && endpoints.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** The functions' Deployments in a namespace, as last seen. */
    List<Deployment> deployments(String namespace) {
        SharedIndexInformer<Deployment> informer = deployments.get(namespace);
        return informer == null ? List.of() : informer.getStore().list();
    }

    Optional<Deployment> deployment(String name, String namespace) {
        SharedIndexInformer<Deployment> informer = deployments.get(namespace);
        return informer == null
                ? Optional.empty()
                : Optional.ofNullable(informer.getStore().getByKey(key(name, namespace)));
    }

    /** The Endpoints of a function's Service, as last seen. */
    Optional<Endpoints> endpoints(String name, String namespace) {
        SharedIndexInformer<Endpoints> informer = endpoints.get(namespace);
        return informer == null
                ? Optional.empty()
                : Optional.ofNullable(informer.getStore().getByKey(key(name, namespace)));
    }

    private static String key(String name, String namespace) {
        return namespace + "/" + name;
    }
}
