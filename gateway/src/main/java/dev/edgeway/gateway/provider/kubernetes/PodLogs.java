package dev.edgeway.gateway.provider.kubernetes;

import dev.edgeway.gateway.provider.LogEntry;
import dev.edgeway.gateway.provider.LogRequest;
import dev.edgeway.gateway.provider.ProviderException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.TailPrettyLoggable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A function's log from its pods' logs ({@code pods/log}, with Kubernetes' timestamps), one
 * {@link LogEntry} per line, the pod's name as the instance. A followed log merges the pods'
 * streams; the handler bounds it by the write timeout.
 */
final class PodLogs {

    private final KubernetesClient client;
    private final FunctionInformers informers;
    private final FunctionNamespaces namespaces;

    PodLogs(KubernetesClient client, FunctionInformers informers, FunctionNamespaces namespaces) {
        this.client = client;
        this.informers = informers;
        this.namespaces = namespaces;
    }

    /** A deployed function's log; a function the caches do not know is a 404, as elsewhere. */
    Flux<LogEntry> read(LogRequest request) {
        return Flux.defer(() -> {
            if (informers
                    .deployment(request.name(), namespaces.resolve(request.namespace()))
                    .isEmpty()) {
                return Flux.error(ProviderException.functionNotFound(request.name(), request.namespace()));
            }
            return Flux.defer(() -> Flux.fromIterable(pods(request)))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(pod -> request.follow() ? follow(request, pod) : lines(request, pod));
        });
    }

    private List<String> pods(LogRequest request) {
        return client
                .pods()
                .inNamespace(request.namespace())
                .withLabel(FunctionManifests.FUNCTION_LABEL, request.name())
                .list()
                .getItems()
                .stream()
                .map(Pod::getMetadata)
                .map(meta -> meta.getName())
                .filter(pod -> request.instance() == null || request.instance().equals(pod))
                .sorted()
                .toList();
    }

    private Flux<LogEntry> lines(LogRequest request, String pod) {
        return Flux.defer(() -> Flux.fromArray(log(request, pod).getLog().split("\n")))
                .subscribeOn(Schedulers.boundedElastic())
                .filter(line -> !line.isBlank())
                .map(line -> entry(request, pod, line));
    }

    private Flux<LogEntry> follow(LogRequest request, String pod) {
        return Flux.using(
                        () -> log(request, pod).watchLog(),
                        (LogWatch watch) -> Flux.fromStream(
                                new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))
                                        .lines()),
                        LogWatch::close)
                .subscribeOn(Schedulers.boundedElastic())
                .map(line -> entry(request, pod, line));
    }

    private Loggable log(LogRequest request, String pod) {
        PodResource resource = client.pods().inNamespace(request.namespace()).withName(pod);
        TailPrettyLoggable since = request.since() == null
                ? resource.usingTimestamps()
                : resource.usingTimestamps().sinceTime(request.since().toString());
        return request.tail() < 0 ? since : since.tailingLines((int) Math.min(request.tail(), Integer.MAX_VALUE));
    }

    /** {@code <RFC 3339 time> <text>}, as Kubernetes writes a line with timestamps. */
    private static LogEntry entry(LogRequest request, String pod, String line) {
        int space = line.indexOf(' ');
        Instant timestamp = Instant.EPOCH;
        String text = line;
        if (space > 0) {
            try {
                timestamp = Instant.parse(line.substring(0, space));
                text = line.substring(space + 1);
            } catch (DateTimeParseException e) {
                // Not a timestamp: the whole line is text.
            }
        }
        return new LogEntry(request.name(), request.namespace(), pod, timestamp, text);
    }
}
