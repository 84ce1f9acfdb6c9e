package dev.edgeway.gateway.async;

import dev.edgeway.storage.kv.StoredJson;
import dev.edgeway.storage.stream.Delivery;
import dev.edgeway.storage.stream.MessageStreams;
import dev.edgeway.storage.stream.StoredMessage;
import dev.edgeway.storage.stream.StreamConsumers;
import dev.edgeway.storage.stream.StreamSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The queue as one JetStream stream with work-queue retention ({@code EDGEWAY_ASYNC}, subjects
 * {@code edgeway.async.<queue>}), one durable pull consumer per named queue, and a second
 * stream for dead letters. The call id is the message id, so a caller's retry of the same call
 * inside the two-minute duplicate window is stored once.
 */
final class JetStreamInvocationQueue implements InvocationQueue {

    static final String STREAM = "EDGEWAY_ASYNC";
    static final String DEAD_LETTERS = "EDGEWAY_ASYNC_DEAD";
    /** Room for the JetStream headers (message id) next to the payload. */
    private static final long HEADROOM = 1024;

    private static final Logger log = LoggerFactory.getLogger(JetStreamInvocationQueue.class);
    private static final JsonMapper JSON = StoredJson.MAPPER;

    private final MessageStreams streams;
    private final StreamConsumers consumers;
    private final Duration ackWait;
    private final int maxAckPending;
    private final Duration deadLetterMaxAge;
    private final ConcurrentMap<String, Boolean> opened = new ConcurrentHashMap<>();
    private volatile boolean streamsReady;

    JetStreamInvocationQueue(
            MessageStreams streams,
            StreamConsumers consumers,
            Duration ackWait,
            int maxAckPending,
            Duration deadLetterMaxAge) {
        this.streams = streams;
        this.consumers = consumers;
        this.ackWait = ackWait;
        this.maxAckPending = maxAckPending;
        this.deadLetterMaxAge = deadLetterMaxAge;
    }

    @Override
    public void enqueue(QueueRequest request) {
        ensureStreams();
        streams.publish(subject(request.queueName()), JSON.writeValueAsBytes(request), request.callId());
    }

    @Override
    public long maxCallSize() {
        return streams.maxPayload() - HEADROOM;
    }

    @Override
    public long sizeOf(QueueRequest request) {
        return JSON.writeValueAsBytes(request).length;
    }

    @Override
    public void open(String queueName) {
        ensureStreams();
        opened.computeIfAbsent(queueName, name -> {
            consumers.ensureConsumer(STREAM, durable(name), subject(name), ackWait, maxAckPending);
            return true;
        });
    }

    @Override
    public Optional<QueuedCall> next(String queueName, Duration maxWait) {
        open(queueName);
        Optional<Delivery> delivery = consumers.next(STREAM, durable(queueName), maxWait);
        if (delivery.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new JetStreamCall(delivery.get()));
        } catch (JacksonException e) {
            // Not written by a gateway: nothing can run it, and redelivering it would loop forever.
            log.warn("Dropped an unreadable message from the async queue: {}", e.getOriginalMessage());
            delivery.get().ack();
            return Optional.empty();
        }
    }

    @Override
    public long depth() {
        ensureStreams();
        return streams.depth(STREAM);
    }

    @Override
    public Optional<Instant> oldest() {
        ensureStreams();
        return streams.oldest(STREAM);
    }

    @Override
    public List<String> knownQueues() {
        ensureStreams();
        return consumers.consumerNames(STREAM).stream()
                .filter(name -> name.startsWith("edgeway-q-"))
                .map(name -> name.substring("edgeway-q-".length()))
                .toList();
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        ensureStreams();
        String function = letter.request().function().replace('.', '_');
        streams.publish(
                "edgeway.async-dead." + function,
                JSON.writeValueAsBytes(letter),
                "dead-" + letter.request().callId());
    }

    @Override
    public List<StoredDeadLetter> deadLetters(@Nullable String function, int limit) {
        ensureStreams();
        List<StoredDeadLetter> letters = new ArrayList<>();
        long from = 0;
        while (letters.size() < limit) {
            List<StoredMessage> page = streams.read(DEAD_LETTERS, from, 256);
            if (page.isEmpty()) {
                break;
            }
            for (StoredMessage message : page) {
                DeadLetter letter = JSON.readValue(message.data(), DeadLetter.class);
                if ((function == null || letter.request().function().equals(function)) && letters.size() < limit) {
                    letters.add(new StoredDeadLetter(message.sequence(), letter));
                }
            }
            from = page.getLast().sequence() + 1;
        }
        return List.copyOf(letters);
    }

    @Override
    public void replay(StoredDeadLetter stored) {
        QueueRequest request = stored.letter().request();
        ensureStreams();
        // A message id of its own: the call id is still inside the duplicate window after a quick replay.
        streams.publish(subject(request.queueName()), JSON.writeValueAsBytes(request), "replay-" + stored.sequence());
        streams.delete(DEAD_LETTERS, stored.sequence());
    }

    /** Forgets what was created, so the next use checks again (after NATS lost its store). */
    void reset() {
        streamsReady = false;
        opened.clear();
    }

    private void ensureStreams() {
        if (!streamsReady) {
            streams.ensure(new StreamSpec(STREAM, "edgeway.async.>", true, Duration.ZERO));
            streams.ensure(new StreamSpec(DEAD_LETTERS, "edgeway.async-dead.>", false, deadLetterMaxAge));
            streamsReady = true;
        }
    }

    static String subject(String queueName) {
        return "edgeway.async." + (queueName.isEmpty() ? "default" : "q-" + queueName);
    }

    private static String durable(String queueName) {
        return queueName.isEmpty() ? "edgeway-default" : "edgeway-q-" + queueName;
    }

    static QueueRequest decode(byte[] data) {
        return JSON.readValue(data, QueueRequest.class);
    }

    /** A delivery seen as a queued call. */
    private static final class JetStreamCall implements QueuedCall {
        private final Delivery delivery;
        private final QueueRequest request;

        JetStreamCall(Delivery delivery) {
            this.delivery = delivery;
            this.request = decode(delivery.data());
        }

        @Override
        public QueueRequest request() {
            return request;
        }

        @Override
        public Instant queuedAt() {
            return delivery.stored();
        }

        @Override
        public void done() {
            delivery.ack();
        }

        @Override
        public void later(Duration delay) {
            delivery.retryAfter(delay);
        }

        @Override
        public void stillRunning() {
            delivery.inProgress();
        }
    }
}
