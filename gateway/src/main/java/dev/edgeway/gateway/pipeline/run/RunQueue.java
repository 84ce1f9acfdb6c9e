package dev.edgeway.gateway.pipeline.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.edgeway.storage.kv.StoredJson;
import dev.edgeway.storage.stream.Delivery;
import dev.edgeway.storage.stream.MessageStreams;
import dev.edgeway.storage.stream.StreamConsumers;
import dev.edgeway.storage.stream.StreamSpec;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The durable queue of background runs: a JetStream stream of its own beside the async queue
 * ({@code EDGEWAY_PIPELINE_RUNS}, work-queue retention) and one durable pull consumer shared by
 * every gateway, so each run is delivered to one gateway at a time and comes back until it is
 * acknowledged. A message names the run only; its input waits in the state store. The run id is
 * the message id, so a run is queued once however often its publish is repeated. Blocking.
 */
public final class RunQueue {

    static final String STREAM = "EDGEWAY_PIPELINE_RUNS";
    private static final String SUBJECT = "edgeway.pipeline-runs";
    private static final String DURABLE = "edgeway-pipeline-runs";

    private static final Logger log = LoggerFactory.getLogger(RunQueue.class);
    private static final JsonMapper JSON = StoredJson.MAPPER;

    private final MessageStreams streams;
    private final StreamConsumers consumers;
    private final Duration ackWait;
    private volatile boolean ready;

    /**
     * A queued run: which run of which pipeline, and its input's size (so the gateway that takes it
     * admits the input to the heap before reading it back).
     */
    public record QueuedRun(
            @JsonProperty("run_id") String runId,
            @JsonProperty("pipeline") String pipeline,
            @JsonProperty("input_size") long inputSize) {}

    /** A run delivered to this gateway, to be acknowledged once its outcome is final. */
    record Taken(QueuedRun run, Delivery delivery) {}

    public RunQueue(MessageStreams streams, StreamConsumers consumers, Duration ackWait) {
        this.streams = streams;
        this.consumers = consumers;
        this.ackWait = ackWait;
    }

    /** Stores the run in the queue; when this returns the run survives a crash of gateway or NATS. */
    public void enqueue(QueuedRun run) {
        ensure();
        streams.publish(SUBJECT, JSON.writeValueAsBytes(run), run.runId());
    }

    /** The next queued run, waiting up to {@code maxWait}. */
    Optional<Taken> next(Duration maxWait) {
        ensure();
        Optional<Delivery> delivery = consumers.next(STREAM, DURABLE, maxWait);
        if (delivery.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Taken(JSON.readValue(delivery.get().data(), QueuedRun.class), delivery.get()));
        } catch (JacksonException e) {
            // Not written by a gateway: nothing can run it, and delivering it again would loop forever.
            log.warn("Dropped an unreadable message from the pipeline run queue: {}", e.getOriginalMessage());
            delivery.get().ack();
            return Optional.empty();
        }
    }

    /** Runs waiting or executing, over every gateway sharing NATS. */
    long depth() {
        ensure();
        return streams.depth(STREAM);
    }

    /** How long a delivered run may go without a sign of life before another gateway gets it. */
    Duration ackWait() {
        return ackWait;
    }

    private void ensure() {
        if (!ready) {
            streams.ensure(new StreamSpec(STREAM, SUBJECT, true, Duration.ZERO));
            consumers.ensureConsumer(STREAM, DURABLE, SUBJECT, ackWait, 1000);
            ready = true;
        }
    }
}
