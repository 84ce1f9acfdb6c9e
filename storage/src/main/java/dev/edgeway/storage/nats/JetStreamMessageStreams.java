package dev.edgeway.storage.nats;

import dev.edgeway.storage.stream.MessageStreams;
import dev.edgeway.storage.stream.StoredMessage;
import dev.edgeway.storage.stream.StreamSpec;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.StreamState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link MessageStreams} on JetStream streams (file storage, two-minute duplicate window). */
public final class JetStreamMessageStreams implements MessageStreams {

    private static final int NO_MESSAGE = 10037;

    private final NatsConnection nats;
    private final JetStreamOptions options;

    public JetStreamMessageStreams(NatsConnection nats, Duration requestTimeout) {
        this.nats = nats;
        this.options = JetStreamOptions.builder().requestTimeout(requestTimeout).build();
    }

    @Override
    public void ensure(StreamSpec spec) {
        NatsCalls.call(() -> {
            JetStreamManagement jsm = management();
            try {
                jsm.getStreamInfo(spec.name());
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != JetStreamBuckets.STREAM_NOT_FOUND) {
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

    @Override
    public long maxPayload() {
        return NatsCalls.call(() -> nats.require().getServerInfo().getMaxPayload());
    }

    @Override
    public long publish(String subject, byte[] data, String messageId) {
        return NatsCalls.call(() -> nats.require()
                .jetStream(options)
                .publish(
                        subject,
                        data,
                        PublishOptions.builder().messageId(messageId).build())
                .getSeqno());
    }

    @Override
    public List<StoredMessage> read(String stream, long fromSequence, int limit) {
        return NatsCalls.call(() -> {
            JetStreamManagement jsm = management();
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

    @Override
    public void delete(String stream, long sequence) {
        NatsCalls.call(() -> management().deleteMessage(stream, sequence));
    }

    @Override
    public long depth(String stream) {
        return NatsCalls.call(() -> state(stream).getMsgCount());
    }

    @Override
    public Optional<Instant> oldest(String stream) {
        return NatsCalls.call(() -> {
            StreamState state = state(stream);
            return state.getMsgCount() == 0 || state.getFirstTime() == null
                    ? Optional.<Instant>empty()
                    : Optional.of(state.getFirstTime().toInstant());
        });
    }

    @Override
    public Map<String, Long> depthBySubject(String stream) {
        return NatsCalls.call(() -> {
            Map<String, Long> counts = management()
                    .getStreamInfo(stream, StreamInfoOptions.allSubjects())
                    .getStreamState()
                    .getSubjectMap();
            return counts == null ? Map.<String, Long>of() : Map.copyOf(counts);
        });
    }

    @Override
    public Optional<Instant> oldest(String stream, String subject) {
        return NatsCalls.call(() -> {
            try {
                return Optional.of(
                        management().getFirstMessage(stream, subject).getTime().toInstant());
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != NO_MESSAGE) {
                    throw e;
                }
                return Optional.<Instant>empty();
            }
        });
    }

    private StreamState state(String stream) throws Exception {
        return management().getStreamInfo(stream).getStreamState();
    }

    private JetStreamManagement management() throws Exception {
        return nats.require().jetStreamManagement(options);
    }
}
