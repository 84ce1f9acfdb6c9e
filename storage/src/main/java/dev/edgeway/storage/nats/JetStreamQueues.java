package dev.edgeway.storage.nats;

import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable message streams for work queues (the gateway's async calls and their dead letters), and
 * a plain key-value bucket for their status, on
 * the state store's one NATS connection. Streams and durable pull consumers are created when
 * absent; no NATS type crosses this class's API, and every NATS failure is a
 * {@link StoreUnavailableException}.
 */
public final class JetStreamQueues {

    private static final int STREAM_NOT_FOUND = 10059;
    private static final int NO_MESSAGE = 10037;

    private final NatsConnection nats;
    private final JetStreamOptions options;

    public JetStreamQueues(NatsConnection nats, Duration requestTimeout) {
        this.nats = nats;
        this.options = JetStreamOptions.builder().requestTimeout(requestTimeout).build();
    }

    /**
     * A stream to create when absent.
     *
     * @param name the stream's name
     * @param subject the subjects it captures (wildcards allowed)
     * @param workQueue whether an acknowledged message is removed (work-queue retention)
     * @param maxAge how long a message is kept at most
     */
    public record StreamSpec(String name, String subject, boolean workQueue, Duration maxAge) {
        public StreamSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(maxAge, "maxAge");
        }
    }

    /** One message as stored: its stream sequence, its data and when the server took it. */
    public record StoredMessage(long sequence, byte[] data, Instant stored) {}

    /** Whether a request to NATS can be attempted now. */
    public boolean isConnected() {
        return nats.isConnected();
    }

    /** Creates the stream when it does not exist; an existing one is used as it is. */
    public void ensure(StreamSpec spec) {
        call(() -> {
            JetStreamManagement jsm = nats.require().jetStreamManagement(options);
            try {
                jsm.getStreamInfo(spec.name());
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
                jsm.addStream(StreamConfiguration.builder()
                        .name(spec.name())
                        .subjects(spec.subject())
                        .storageType(StorageType.File)
                        .replicas(nats.replicas())
                        .retentionPolicy(spec.workQueue() ? RetentionPolicy.WorkQueue : RetentionPolicy.Limits)
                        .maxAge(spec.maxAge())
                        .duplicateWindow(Duration.ofMinutes(2))
                        .build());
            }
            return null;
        });
    }

    /** The server's largest message, in bytes. */
    public long maxPayload() {
        return call(() -> nats.require().getServerInfo().getMaxPayload());
    }

    /**
     * Publishes and waits for the stream's acknowledgement, so the message is stored when this
     * returns. The message id makes a repeated publish within the duplicate window a no-op.
     */
    public long publish(String subject, byte[] data, String messageId) {
        return call(() -> {
            JetStream js = nats.require().jetStream(options);
            return js.publish(
                            subject,
                            data,
                            PublishOptions.builder().messageId(messageId).build())
                    .getSeqno();
        });
    }

    /**
     * Creates (or updates) a durable pull consumer with explicit acks and unlimited deliveries:
     * the caller decides when a message is final.
     */
    public void ensureConsumer(
            String stream, String durable, String filterSubject, Duration ackWait, int maxAckPending) {
        call(() -> {
            nats.require()
                    .jetStreamManagement(options)
                    .addOrUpdateConsumer(
                            stream,
                            ConsumerConfiguration.builder()
                                    .durable(durable)
                                    .filterSubject(filterSubject)
                                    .ackPolicy(AckPolicy.Explicit)
                                    .deliverPolicy(DeliverPolicy.All)
                                    .ackWait(ackWait)
                                    .maxDeliver(-1)
                                    .maxAckPending(maxAckPending)
                                    .build());
            return null;
        });
    }

    /** The next message of a durable consumer, waiting up to {@code maxWait}; empty when none came. */
    public Optional<Delivery> next(String stream, String durable, Duration maxWait) {
        return call(() -> {
            ConsumerContext consumer =
                    nats.require().getStreamContext(stream, options).getConsumerContext(durable);
            Message message = consumer.next(maxWait);
            return Optional.ofNullable(message).map(NatsDelivery::new);
        });
    }

    /** Up to {@code limit} stored messages from {@code fromSequence} on, oldest first. */
    public List<StoredMessage> read(String stream, long fromSequence, int limit) {
        return call(() -> {
            JetStreamManagement jsm = nats.require().jetStreamManagement(options);
            StreamState state = jsm.getStreamInfo(stream).getStreamState();
            if (state.getMsgCount() == 0) {
                // An empty stream reports sequence 0, which the server refuses to look up.
                return List.<StoredMessage>of();
            }
            long last = state.getLastSequence();
            List<StoredMessage> messages = new ArrayList<>();
            for (long seq = Math.max(Math.max(1, fromSequence), state.getFirstSequence());
                    seq <= last && messages.size() < limit;
                    seq++) {
                try {
                    MessageInfo found = jsm.getMessage(stream, seq);
                    messages.add(new StoredMessage(
                            seq, found.getData(), found.getTime().toInstant()));
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() != NO_MESSAGE) {
                        throw e;
                    }
                }
            }
            return List.copyOf(messages);
        });
    }

    /** Removes one stored message. */
    public void delete(String stream, long sequence) {
        call(() -> nats.require().jetStreamManagement(options).deleteMessage(stream, sequence));
    }

    /** The names of a stream's durable consumers. */
    public List<String> consumerNames(String stream) {
        return call(
                () -> List.copyOf(nats.require().jetStreamManagement(options).getConsumerNames(stream)));
    }

    /**
     * Creates a key-value bucket when absent (file storage, one revision per key, entries
     * removed after {@code maxAge}); an existing one is used as it is.
     */
    public void ensureBucket(String bucket, Duration maxAge) {
        call(() -> {
            KeyValueManagement kvm = nats.require()
                    .keyValueManagement(
                            KeyValueOptions.builder().jetStreamOptions(options).build());
            try {
                kvm.getStatus(bucket);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
                kvm.create(KeyValueConfiguration.builder()
                        .name(bucket)
                        .maxHistoryPerKey(1)
                        .ttl(maxAge)
                        .storageType(StorageType.File)
                        .replicas(nats.replicas())
                        .build());
            }
            return null;
        });
    }

    /** Writes a key-value entry, whatever was there. */
    public void put(String bucket, String key, byte[] value) {
        call(() -> nats.require()
                .keyValue(
                        bucket,
                        KeyValueOptions.builder().jetStreamOptions(options).build())
                .put(key, value));
    }

    /** A key-value entry's value, or empty. */
    public Optional<byte[]> get(String bucket, String key) {
        return call(() -> {
            KeyValueEntry entry = nats.require()
                    .keyValue(
                            bucket,
                            KeyValueOptions.builder().jetStreamOptions(options).build())
                    .get(key);
            return Optional.ofNullable(entry == null ? null : entry.getValue());
        });
    }

    /** When the stream's oldest message was stored, or empty when it holds none. */
    public Optional<Instant> oldest(String stream) {
        return call(() -> {
            StreamState state = nats.require()
                    .jetStreamManagement(options)
                    .getStreamInfo(stream)
                    .getStreamState();
            return state.getMsgCount() == 0 || state.getFirstTime() == null
                    ? Optional.<Instant>empty()
                    : Optional.of(state.getFirstTime().toInstant());
        });
    }

    /** How many messages the stream holds now. */
    public long depth(String stream) {
        return call(() -> nats.require()
                .jetStreamManagement(options)
                .getStreamInfo(stream)
                .getStreamState()
                .getMsgCount());
    }

    private <T> T call(NatsCall<T> call) {
        try {
            return call.apply();
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (JetStreamApiException e) {
            throw new StoreUnavailableException("NATS refused the request: " + e.getMessage(), e);
        } catch (IOException | IllegalStateException e) {
            throw new StoreUnavailableException("NATS did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for NATS", e);
        } catch (Exception e) {
            throw new StoreUnavailableException("NATS request failed: " + e, e);
        }
    }

    @FunctionalInterface
    private interface NatsCall<T> {
        T apply() throws Exception;
    }
}
