package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The replicas of an HTTP-mode function: separate processes, each on its own port, called in
 * turn (round robin over those that are ready). Replica {@code i} logs as {@code <name>-<i>}.
 */
final class HttpModeReplicas implements Replicas {

    private final String name;
    private final FunctionCommand command;
    private final FunctionLog log;
    private final Scheduler pipes;
    private final Duration startTimeout;
    private final HttpUpstreams upstreams;
    private final ReplicaPidFiles pids;
    private final List<HttpModeProcess> processes = new CopyOnWriteArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();
    // One upstream per replica, bound to the port it listens on now: a replica restarted on its
    // own gets a new port, and a port freed by one replica may be given to another, so the port
    // alone does not say which replica (and which memory kill) a call belongs to.
    private final Map<HttpModeProcess, Bound> byReplica = new ConcurrentHashMap<>();
    private static final HttpModeProcess[] NONE = new HttpModeProcess[0];
    private boolean stopped;
    private final int maxInflight;
    private final ResourceMeter meter;

    HttpModeReplicas(
            String name,
            FunctionCommand command,
            FunctionLog log,
            Scheduler pipes,
            Duration startTimeout,
            HttpUpstreams upstreams,
            ReplicaPidFiles pids,
            int maxInflight,
            ResourceMeter meter) {
        this.meter = meter;
        this.pids = pids;
        this.maxInflight = maxInflight;
        this.name = name;
        this.command = command;
        this.log = log;
        this.pipes = pipes;
        this.startTimeout = startTimeout;
        this.upstreams = upstreams;
    }

    @Override
    public synchronized void scale(int replicas) {
        if (stopped) {
            return;
        }
        while (processes.size() < replicas) {
            HttpModeProcess process =
                    new HttpModeProcess(name + "-" + processes.size(), command, log, pipes, startTimeout, pids, meter);
            processes.add(process);
            process.start();
        }
        while (processes.size() > replicas) {
            processes.remove(processes.size() - 1).stop().subscribe();
        }
        byReplica.clear();
    }

    @Override
    public int available() {
        return (int) processes.stream().filter(HttpModeProcess::ready).count();
    }

    /** The next ready replica, round robin; this runs on every call, so it allocates little. */
    @Override
    public Optional<FunctionUpstream> next() {
        HttpModeProcess[] all = processes.toArray(NONE);
        int start = turn.getAndIncrement();
        for (int i = 0; i < all.length; i++) {
            HttpModeProcess replica = all[Math.floorMod(start + i, all.length)];
            if (replica.ready()) {
                return Optional.of(upstream(replica, replica.port()));
            }
        }
        return Optional.empty();
    }

    private FunctionUpstream upstream(HttpModeProcess replica, int port) {
        Bound bound = byReplica.get(replica);
        if (bound == null || bound.port() != port) {
            bound = new Bound(
                    port,
                    MaxInflight.around(
                            new ReplicaUpstream(upstreams.to(URI.create("http://127.0.0.1:" + port)), replica, port),
                            maxInflight));
            byReplica.put(replica, bound);
        }
        return bound.upstream();
    }

    /** A replica's upstream for the port it listened on when the upstream was made. */
    private record Bound(int port, FunctionUpstream upstream) {}

    @Override
    public ResourceMeter meter() {
        return meter;
    }

    @Override
    public Mono<Void> stop() {
        List<HttpModeProcess> stopping;
        synchronized (this) {
            stopped = true;
            stopping = List.copyOf(processes);
            processes.clear();
        }
        return Flux.fromIterable(stopping).flatMap(HttpModeProcess::stop).then();
    }
}
