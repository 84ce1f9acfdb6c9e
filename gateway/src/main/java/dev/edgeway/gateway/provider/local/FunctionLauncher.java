package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.FunctionDeployment;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import reactor.core.scheduler.Scheduler;

/**
 * Brings a stored deployment to life: its command and environment, its log, and the replicas
 * its mode calls for (a fork per call, or long-running HTTP servers with {@code mode=http}).
 */
final class FunctionLauncher {

    private final LocalSecrets secrets;
    private final Path logs;
    private final GatewayProperties.Local settings;
    private final HttpUpstreams upstreams;
    private final Scheduler pipes;
    private final Scheduler forkPipes;
    private final ForkSlots sharedForks;
    private final ReplicaPidFiles pids;
    private final Sandbox sandbox;
    private final Cgroups cgroups;
    private final MeterRegistry registry;

    FunctionLauncher(
            LocalSecrets secrets,
            Sandbox sandbox,
            Cgroups cgroups,
            MeterRegistry registry,
            Path logs,
            GatewayProperties.Local settings,
            HttpUpstreams upstreams,
            Scheduler pipes,
            Scheduler forkPipes,
            ReplicaPidFiles pids) {
        this.pids = pids;
        this.secrets = secrets;
        this.sandbox = sandbox;
        this.cgroups = cgroups;
        this.registry = registry;
        this.logs = logs;
        this.settings = settings;
        this.upstreams = upstreams;
        this.pipes = pipes;
        this.forkPipes = forkPipes;
        this.sharedForks = new ForkSlots(settings.maxForks(), settings.forkQueue());
    }

    /** A running function with a new log; its replicas start as the deployment wants. */
    LocalFunction launch(StoredFunction stored) {
        Path file = logs.resolve(stored.namespace()).resolve(stored.name() + ".log");
        FunctionLog log = new FunctionLog(
                stored.name(),
                stored.namespace(),
                settings.logLines(),
                new LogFile(file, settings.logFileSize().toBytes()));
        return new LocalFunction(stored, replicas(stored, log), log);
    }

    /**
     * A classic function's own fork slots: {@code max_inflight} of them with no queue when it
     * sets one (beyond it, 429 at once, as of-watchdog answers), else the configured limit and queue.
     */
    private ForkSlots functionSlots(int maxInflight) {
        if (maxInflight > 0) {
            return new ForkSlots(Math.min(maxInflight, settings.maxForksPerFunction()), 0);
        }
        return new ForkSlots(settings.maxForksPerFunction(), settings.forkQueue());
    }

    /** Replicas for a deployment, not yet scaled. */
    Replicas replicas(StoredFunction stored, FunctionLog log) {
        FunctionDeployment deployment = stored.deployment();
        FunctionCommand command = FunctionCommand.of(deployment, sandbox, secrets, cgroups.enabled());
        boolean httpMode = WatchdogSettings.httpMode(deployment.envVars());
        ResourceMeter meter = new ResourceMeter(
                cgroups,
                LocalFunctions.key(stored.name(), stored.namespace()),
                ResourceLimits.of(deployment),
                deployment.limits() == null ? null : deployment.limits().memory(),
                httpMode,
                registry);
        if (httpMode) {
            return new HttpModeReplicas(
                    stored.name(),
                    command,
                    log,
                    pipes,
                    settings.startTimeout(),
                    upstreams,
                    pids,
                    MaxInflight.of(deployment.envVars()),
                    meter);
        }
        WatchdogSettings watchdog = WatchdogSettings.from(deployment.envVars(), settings.execTimeout());
        ForkAdmission admission = new ForkAdmission(
                functionSlots(MaxInflight.of(deployment.envVars())), sharedForks, settings.forkQueueTimeout());
        return new ForkedReplicas(
                new ForkingWatchdog(stored.name(), command, watchdog, log, forkPipes, admission, meter));
    }
}
