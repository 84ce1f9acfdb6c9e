package dev.edgeway.kafka.routing;

import dev.edgeway.kafka.invoke.DeployedFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Which functions a topic's records go to, from their {@code topic: a,b} annotations (the
 * OpenFaaS connector convention). Replaced whole by {@link RouteRefresher}; readers see one
 * consistent snapshot.
 */
public final class TopicRoutes {

    /** The annotation naming the topics a function receives, comma separated. */
    public static final String TOPIC_ANNOTATION = "topic";

    private volatile Map<String, List<DeployedFunction>> routes = Map.of();
    private volatile Map<String, DeployedFunction> functions = Map.of();
    private final CountDownLatch loaded = new CountDownLatch(1);

    /** The functions annotated with this topic; empty when none is, which makes it an envelope topic. */
    public List<DeployedFunction> subscribers(String topic) {
        return routes.getOrDefault(topic, List.of());
    }

    /** A deployed function by {@code name} (in its default namespace) or {@code name.namespace}, as calls name their target. */
    public Optional<DeployedFunction> function(String target) {
        return Optional.ofNullable(functions.get(target));
    }

    /**
     * Waits for the first function list, so that a record read at start is not mistaken for an
     * envelope because the annotations are not known yet. False when it did not come in time.
     */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void replace(List<DeployedFunction> functions) {
        Map<String, List<DeployedFunction>> next = new LinkedHashMap<>();
        Map<String, DeployedFunction> byName = new LinkedHashMap<>();
        for (DeployedFunction function : functions) {
            byName.putIfAbsent(function.name(), function);
            byName.put(function.name() + "." + function.namespace(), function);
            String topics = function.annotations().get(TOPIC_ANNOTATION);
            if (topics == null) {
                continue;
            }
            for (String topic : topics.split(",")) {
                String name = topic.trim();
                if (!name.isEmpty()) {
                    next.computeIfAbsent(name, t -> new ArrayList<>()).add(function);
                }
            }
        }
        next.replaceAll((topic, subscribers) -> List.copyOf(subscribers));
        routes = Map.copyOf(next);
        this.functions = Map.copyOf(byName);
        loaded.countDown();
    }
}
