package dev.edgeway.gateway.kafka;

import dev.edgeway.kafka.status.PartitionView;
import dev.edgeway.kafka.status.StatusView;
import dev.edgeway.kafka.status.TriggerStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /system/kafka}: the trigger's state on this gateway (connected, partitions with lag,
 * paused partitions, last error), in snake_case like the rest of the Kafka API. Reading it asks the
 * brokers, which blocks, so it runs off the event loop. A gateway without the trigger answers 404.
 */
public final class KafkaStatusHandler {

    private final ObjectProvider<TriggerStatus> status;

    KafkaStatusHandler(ObjectProvider<TriggerStatus> status) {
        this.status = status;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        TriggerStatus trigger = status.getIfAvailable();
        if (trigger == null) {
            return KafkaProblems.notEnabled(request);
        }
        return Mono.fromCallable(trigger::read)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(view -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(json(view)));
    }

    private static Map<String, Object> json(StatusView view) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("connected", view.connected());
        json.put("running", view.running());
        json.put("group_id", view.groupId());
        json.put("ordering", view.ordering());
        json.put(
                "partitions",
                view.partitions().stream().map(KafkaStatusHandler::json).toList());
        json.put("paused_partitions", List.copyOf(view.paused()));
        json.put(
                "last_error",
                view.lastError() == null
                        ? null
                        : Map.of(
                                "at", view.lastError().at().toString(),
                                "message", view.lastError().message()));
        return json;
    }

    private static Map<String, Object> json(PartitionView partition) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topic", partition.topic());
        json.put("partition", partition.partition());
        json.put("assigned", partition.assigned());
        json.put("paused", partition.paused());
        json.put("committed_offset", partition.committed());
        json.put("end_offset", partition.end());
        json.put("lag", partition.lag());
        return json;
    }
}
