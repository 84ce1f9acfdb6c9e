package dev.edgeway.gateway.async;

import dev.edgeway.storage.kv.StoredJson;
import dev.edgeway.storage.objects.ObjectBucket;
import dev.edgeway.storage.stream.Delivery;
import dev.edgeway.storage.stream.MessageStreams;
import dev.edgeway.storage.stream.StoredMessage;
import dev.edgeway.storage.stream.StreamConsumers;
import dev.edgeway.storage.stream.StreamSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * inside the two-minute duplicate window is stored once. A call too large for one message has its
 * body in an Object Store bucket ({@code edgeway-async-bodies}), kept until the call's outcome is
 * final and no dead letter refers to it.
 */
final class JetStreamInvocationQueue implements InvocationQueue {

    static final String STREAM = "EDGEWAY_ASYNC";
    static final String DEAD_LETTERS = "EDGEWAY_ASYNC_DEAD";
    static final String BODIES = "edgeway-async-bodies";
    private static final String NAMED_SUBJECT = "edgeway.async.q-";
    /** Room for the JetStream headers (message id) next to the payload. */
    private static final long HEADROOM = 1024;
    /** Room for {@code "BodyObject":{"Name":...,"Size":...}} in a message whose body is kept apart. */
    private static final long BODY_REFERENCE = 128;

    private static final Logger log = LoggerFactory.getLogger(JetStreamInvocationQueue.class);
    private static final JsonMapper JSON = StoredJson.MAPPER;

    private final MessageStreams streams;
    private final StreamConsumers consumers;
    private final ObjectBucket bodies;
    private final Duration ackWait;
    private final int maxAckPending;
    private final Duration deadLetterMaxAge;
    private final ConcurrentMap<String, Boolean> opened = new ConcurrentHashMap<>();
    private volatile boolean streamsReady;

    JetStreamInvocationQueue(
            MessageStreams streams,
            StreamConsumers consumers,
            ObjectBucket bodies,
            Duration ackWait,
            int maxAckPending,
            Duration deadLetterMaxAge) {
        this.streams = streams;
        this.consumers = consumers;
        this.bodies = bodies;
        this.ackWait = ackWait;
        this.maxAckPending = maxAckPending;
        this.deadLetterMaxAge = deadLetterMaxAge;
    }

    @Override
    public void enqueue(QueueRequest request) {
        ensureStreams();
        QueueRequest stored = request;
        if (inlineSize(request) > maxCallSize()) {
            stored = request.storedIn(
                    new QueueRequest.BodyObject(bodies.put("body", request.body()), request.body().length));
        }
        try {
            streams.publish(subject(request.queueName()), JSON.writeValueAsBytes(stored), request.callId());
        } catch (RuntimeException e) {
            // Not stored, so the caller gets an error and nothing will ever read the body.
            dropBody(stored);
            throw e;
        }
    }

    @Override
    public long maxCallSize() {
        return streams.maxPayload() - HEADROOM;
    }

    /** The size of the message: the call with its body, or with a reference when the body does not fit. */
    @Override
    public long sizeOf(QueueRequest request) {
        long inline = inlineSize(request);
        return inline <= maxCallSize() ? inline : inline - base64Length(request.body().length) + BODY_REFERENCE;
    }

    /** The call's size with its body in base64 (no line breaks), without encoding the body. */
    private static long inlineSize(QueueRequest request) {
        return JSON.writeValueAsBytes(request.withBody(new byte[0])).length
                + "\"Body\":\"\",".length()
                + base64Length(request.body().length);
    }

    private static long base64Length(long bytes) {
        return 4 * ((bytes + 2) / 3);
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
        QueueRequest request;
        try {
            request = decode(delivery.get().data());
        } catch (JacksonException e) {
            // Not written by a gateway: nothing can run it, and redelivering it would loop forever.
            log.warn("Dropped an unreadable message from the async queue: {}", e.getOriginalMessage());
            delivery.get().ack();
            return Optional.empty();
        }
        QueueRequest.BodyObject object = request.bodyObject();
        if (object != null) {
            Optional<byte[]> body = bodies.get(object.name());
            if (body.isEmpty()) {
                // Deleted only once the call's outcome was final: this is a delivery again of a
                // call that has run, whose acknowledgement NATS did not get.
                log.warn("Async call {}: body {} gone, the call has already run", request.callId(), object.name());
                delivery.get().ack();
                return Optional.empty();
            }
            request = request.withBody(body.get());
        }
        return Optional.of(new JetStreamCall(delivery.get(), request));
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
    public Map<String, Long> depthByQueue() {
        ensureStreams();
        Map<String, Long> depths = new HashMap<>();
        streams.depthBySubject(STREAM).forEach((subject, count) -> {
            if (subject.equals(subject(""))) {
                depths.put("", count);
            } else if (subject.startsWith(NAMED_SUBJECT)) {
                depths.put(subject.substring(NAMED_SUBJECT.length()), count);
            }
        });
        return Map.copyOf(depths);
    }

    @Override
    public Optional<Instant> oldest(String queueName) {
        ensureStreams();
        return streams.oldest(STREAM, subject(queueName));
    }

    /**
     * Named queues with consumers, and those holding calls: a call may be stored before any
     * gateway made its queue's consumer (stopped workers, a crash right after the 202).
     */
    @Override
    public List<String> knownQueues() {
        ensureStreams();
        Set<String> names = new TreeSet<>(depthByQueue().keySet());
        names.remove("");
        consumers.consumerNames(STREAM).stream()
                .filter(name -> name.startsWith("edgeway-q-"))
                .map(name -> name.substring("edgeway-q-".length()))
                .forEach(names::add);
        return List.copyOf(names);
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        ensureStreams();
        QueueRequest request = letter.request();
        String function = request.function().replace('.', '_');
        // The letter refers to a large body rather than carrying it, as the queued call did.
        DeadLetter stored = new DeadLetter(
                request.storedIn(request.bodyObject()),
                letter.status(),
                letter.reason(),
                letter.attempts(),
                letter.queuedAt(),
                letter.failedAt());
        streams.publish("edgeway.async-dead." + function, JSON.writeValueAsBytes(stored), "dead-" + request.callId());
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

    /** Deletes the Object Store copy of a call's body, if it has one. */
    private void dropBody(QueueRequest request) {
        if (request.bodyObject() != null) {
            bodies.delete(request.bodyObject().name());
        }
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
        return queueName.isEmpty() ? "edgeway.async.default" : NAMED_SUBJECT + queueName;
    }

    private static String durable(String queueName) {
        return queueName.isEmpty() ? "edgeway-default" : "edgeway-q-" + queueName;
    }

    static QueueRequest decode(byte[] data) {
        return JSON.readValue(data, QueueRequest.class);
    }

    /** A delivery seen as a queued call. */
    private final class JetStreamCall implements QueuedCall {
        private final Delivery delivery;
        private final QueueRequest request;

        JetStreamCall(Delivery delivery, QueueRequest request) {
            this.delivery = delivery;
            this.request = request;
        }

        @Override
        public QueueRequest request() {
            return request;
        }

        @Override
        public Instant queuedAt() {
            return delivery.stored();
        }

        /** The body first: if the ack is lost, the delivery again finds no body and is dropped. */
        @Override
        public void done() {
            dropBody(request);
            delivery.ack();
        }

        @Override
        public void deadLettered() {
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
