package dev.edgeway.kafka.listener;

import dev.edgeway.kafka.errors.NotRetryable;
import dev.edgeway.kafka.errors.RetryableFailure;
import dev.edgeway.kafka.invoke.DeployedFunction;
import dev.edgeway.kafka.invoke.FunctionInvoker;
import dev.edgeway.kafka.invoke.InvocationOutcome;
import dev.edgeway.kafka.invoke.PipelineRunner;
import dev.edgeway.kafka.metrics.TriggerMetrics;
import dev.edgeway.kafka.routing.Envelope;
import dev.edgeway.kafka.routing.EnvelopeParser;
import dev.edgeway.kafka.routing.TopicRoutes;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;

/**
 * Handles one record on its partition's consumer thread: decode, route, invoke, reply. It only
 * returns once the record reached its outcome; any failure is thrown, and the container's error
 * handler retries it or sends it to the dead-letter topic before its offset is committed.
 */
public final class TriggerListener implements MessageListener<byte[], byte[]> {

    /** The annotation naming a reply topic for the responses of an annotated function. */
    public static final String REPLY_TOPIC_ANNOTATION = "com.edgeway.kafka.reply-topic";

    private static final Logger log = LoggerFactory.getLogger(TriggerListener.class);
    private static final Duration ROUTES_WAIT = Duration.ofSeconds(30);

    private final TopicRoutes routes;
    private final EnvelopeParser parser = new EnvelopeParser();
    private final FunctionInvoker invoker;
    private final @Nullable PipelineRunner pipelines;
    private final CallOutcomes outcomes;
    private final ReplyPublisher replies;
    private final TriggerMetrics metrics;
    private final long maxRecordSize;

    public TriggerListener(
            TopicRoutes routes,
            FunctionInvoker invoker,
            @Nullable PipelineRunner pipelines,
            KafkaReplies replies,
            TriggerMetrics metrics,
            Duration invokeTimeout,
            long maxRecordSize,
            int maxExcerpt,
            Function<String, Set<Integer>> retriedStatuses) {
        this.routes = routes;
        this.invoker = invoker;
        this.pipelines = pipelines;
        this.outcomes = new CallOutcomes(invokeTimeout, maxExcerpt, retriedStatuses);
        this.replies = replies.publisher();
        this.metrics = metrics;
        this.maxRecordSize = maxRecordSize;
    }

    /** {@code kafka-<topic>-<partition>-<offset>}: the same for every delivery of one record. */
    public static String callId(ConsumerRecord<?, ?> record) {
        return RecordCalls.callId(record);
    }

    /** The caller ({@code RecordRetries}) has put the call id into the MDC as {@code callId}. */
    @Override
    public void onMessage(ConsumerRecord<byte[], byte[]> record) {
        handle(record, RecordCalls.callId(record));
    }

    private void handle(ConsumerRecord<byte[], byte[]> record, String callId) {
        metrics.received(record.topic());
        if (record.value() == null) {
            throw NotRetryable.malformed("a tombstone (expected: a value)");
        }
        if (record.value().length > maxRecordSize) {
            throw NotRetryable.malformed(
                    "oversized: " + record.value().length + " bytes (expected: <= " + maxRecordSize + ")");
        }
        List<DeployedFunction> subscribers = subscribers(record.topic());
        if (!subscribers.isEmpty()) {
            for (DeployedFunction function : subscribers) {
                InvocationOutcome outcome = outcomes.await(
                        invoker.invoke(RecordCalls.annotated(record, function, callId)), function.name());
                String replyTopic = function.annotations().get(REPLY_TOPIC_ANNOTATION);
                if (replyTopic != null && !replyTopic.isBlank()) {
                    replies.reply(replyTopic.trim(), callId, function.name(), outcome);
                }
                metrics.succeeded(record.topic(), function.name(), record.timestamp());
            }
            log.debug("Record {} delivered to {} annotated function(s)", callId, subscribers.size());
            return;
        }
        Envelope envelope = parser.parse(record.value());
        String target;
        InvocationOutcome outcome;
        if (envelope.pipeline() != null) {
            target = "pipeline " + envelope.pipeline();
            if (pipelines == null) {
                throw new NotRetryable("pipelines are not available in this gateway", target, 0, new byte[0]);
            }
            outcome = outcomes.await(
                    pipelines.run(envelope.pipeline(), envelope.body(), RecordCalls.runId(callId)), target);
        } else {
            var call = RecordCalls.enveloped(envelope, record.topic(), callId);
            target = call.target();
            outcome = outcomes.await(invoker.invoke(call), target);
        }
        if (envelope.replyTo() != null) {
            replies.reply(envelope.replyTo(), callId, target, outcome);
        }
        metrics.succeeded(record.topic(), target, record.timestamp());
        log.debug("Record {} invoked {}: {}", callId, target, outcome.status());
    }

    private List<DeployedFunction> subscribers(String topic) {
        try {
            if (!routes.awaitLoaded(ROUTES_WAIT)) {
                throw new RetryableFailure("the function list is not loaded yet", null, 0, new byte[0]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableFailure("interrupted while waiting for the function list", null, e);
        }
        return routes.subscribers(topic);
    }
}
