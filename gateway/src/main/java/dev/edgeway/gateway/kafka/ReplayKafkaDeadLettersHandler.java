package dev.edgeway.gateway.kafka;

import dev.edgeway.kafka.replay.DeadLetterReplay;
import dev.edgeway.kafka.replay.ReplayRefused;
import dev.edgeway.kafka.replay.ReplayResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /system/kafka/dead-letters/replay?topic=T[&limit=N][&reason=text][&from=beginning]}:
 * sends dead letters of a topic the trigger consumes back to it and answers what went back.
 * Errors are problem JSON ({@link KafkaProblems}); a gateway without the trigger answers 404.
 */
public final class ReplayKafkaDeadLettersHandler {

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final int MAX_LIMIT = 1000;
    private static final int MAX_REASON = 200;

    private final ObjectProvider<DeadLetterReplay> replay;

    ReplayKafkaDeadLettersHandler(ObjectProvider<DeadLetterReplay> replay) {
        this.replay = replay;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        DeadLetterReplay trigger = replay.getIfAvailable();
        if (trigger == null) {
            return KafkaProblems.notEnabled(request);
        }
        String topic;
        int limit;
        boolean fromBeginning;
        @Nullable String reason;
        try {
            topic = topic(request);
            limit = limit(request);
            reason = request.queryParam("reason").filter(r -> !r.isEmpty()).orElse(null);
            if (reason != null && reason.length() > MAX_REASON) {
                throw new IllegalArgumentException(
                        "reason: " + reason.length() + " characters (expected: at most " + MAX_REASON + ")");
            }
            fromBeginning = from(request);
        } catch (IllegalArgumentException e) {
            return problem(request, HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", e.getMessage());
        }
        return Mono.fromCallable(() -> trigger.replay(topic, limit, reason, fromBeginning))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(result -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(view(result)))
                .onErrorResume(ReplayRefused.class, refused -> refused(request, refused));
    }

    private static String topic(ServerRequest request) {
        String topic = request.queryParam("topic")
                .orElseThrow(() -> new IllegalArgumentException("topic: missing (expected: ?topic=<topic name>)"));
        if (!TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("topic: " + topic + " (expected: a Kafka topic name, " + TOPIC + ")");
        }
        return topic;
    }

    private static int limit(ServerRequest request) {
        String text = request.queryParam("limit").orElse("100");
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("limit: " + text + " (expected: 1 to " + MAX_LIMIT + ")");
    }

    private static boolean from(ServerRequest request) {
        String from = request.queryParam("from").orElse("last");
        return switch (from) {
            case "last" -> false;
            case "beginning" -> true;
            default ->
                throw new IllegalArgumentException(
                        "from: " + from + " (expected: last, where the previous replay stopped, or beginning)");
        };
    }

    private static Map<String, Object> view(ReplayResult result) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("topic", result.topic());
        view.put("dead_letter_topic", result.deadLetterTopic());
        view.put("replayed", result.replayed());
        view.put("skipped", result.skipped());
        view.put("remaining", result.remaining());
        view.put("letters", List.copyOf(result.letters()));
        return view;
    }

    private static Mono<ServerResponse> refused(ServerRequest request, ReplayRefused refused) {
        return switch (refused.reason()) {
            case NOT_CONSUMED ->
                problem(request, HttpStatus.NOT_FOUND, "unknown-topic", "Topic not consumed", refused.getMessage());
            case NO_DEAD_LETTERS ->
                problem(request, HttpStatus.NOT_FOUND, "no-dead-letters", "No dead letters", refused.getMessage());
            case RUNNING ->
                problem(request, HttpStatus.CONFLICT, "replay-running", "Replay running", refused.getMessage());
            case BROKER_UNAVAILABLE ->
                KafkaProblems.problem(
                        request,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "unavailable",
                        "Kafka unavailable",
                        refused.getMessage(),
                        headers -> headers.set(HttpHeaders.RETRY_AFTER, "5"));
        };
    }

    private static Mono<ServerResponse> problem(
            ServerRequest request, HttpStatus status, String kind, String title, String detail) {
        return KafkaProblems.problem(request, status, kind, title, detail);
    }
}
