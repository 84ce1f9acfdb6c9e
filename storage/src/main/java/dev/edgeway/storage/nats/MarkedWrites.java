package dev.edgeway.storage.nats;

import dev.edgeway.storage.kv.RevisionConflictException;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Key-value writes that carry an expiry in a message header ({@value #EXPIRES_AT}), and the scan
 * that reads those headers back. jnats' key-value API writes no headers, so these publish to the
 * bucket's subject themselves, with the same compare-and-set header its {@code update} sends
 * ({@code Nats-Expected-Last-Subject-Sequence}). The scan asks the server for the latest entry of
 * every key with headers only, as jnats' {@code keys()} does, so no value crosses the wire.
 */
final class MarkedWrites {

    static final String EXPIRES_AT = "Edgeway-Expires-At";
    private static final String KV_OPERATION = "KV-Operation";
    private static final int NO_MESSAGE = 10037;

    private final JetStreamBuckets buckets;
    private final String stream;
    private final String subjectPrefix;

    MarkedWrites(JetStreamBuckets buckets, String bucket) {
        this.buckets = buckets;
        this.stream = "KV_" + bucket;
        this.subjectPrefix = "$KV." + bucket + ".";
    }

    /** Writes an absent key: revision 0 expected, or the revision of the delete or purge marker it has. */
    long create(String key, byte[] value, @Nullable Instant expiresAt) throws Exception {
        try {
            return update(key, value, 0, expiresAt);
        } catch (RevisionConflictException e) {
            MessageInfo last = lastMessage(key);
            String operation = last == null || last.getHeaders() == null
                    ? null
                    : last.getHeaders().getFirst(KV_OPERATION);
            if (last != null && operation != null && !"PUT".equals(operation)) {
                return update(key, value, last.getSeq(), expiresAt);
            }
            throw e;
        }
    }

    long update(String key, byte[] value, long expectedRevision, @Nullable Instant expiresAt) throws Exception {
        Headers headers = new Headers();
        if (expiresAt != null) {
            headers.put(EXPIRES_AT, expiresAt.toString());
        }
        Message message = NatsMessage.builder()
                .subject(subjectPrefix + key)
                .headers(headers)
                .data(value)
                .build();
        try {
            return buckets.jetStream()
                    .publish(
                            message,
                            PublishOptions.builder()
                                    .expectedLastSubjectSequence(expectedRevision)
                                    .build())
                    .getSeqno();
        } catch (JetStreamApiException e) {
            throw JetStreamBucket.conflictOr(e, key, expectedRevision);
        }
    }

    Map<String, Instant> expiries(@Nullable String prefix) throws Exception {
        String filter = subjectPrefix + (prefix == null ? ">" : prefix + ".*");
        ConsumerConfiguration configuration = ConsumerConfiguration.builder()
                .ackPolicy(AckPolicy.None)
                .deliverPolicy(DeliverPolicy.LastPerSubject)
                .headersOnly(true)
                .filterSubject(filter)
                .build();
        JetStreamSubscription subscription = buckets.jetStream()
                .subscribe(
                        filter,
                        PushSubscribeOptions.builder().stream(stream)
                                .ordered(true)
                                .configuration(configuration)
                                .build());
        Map<String, Instant> expiries = new HashMap<>();
        try {
            long pending = subscription.getConsumerInfo().getCalculatedPending();
            Duration wait = Duration.ofSeconds(5);
            while (pending > 0) {
                Message message = subscription.nextMessage(wait);
                if (message == null) {
                    break; // the server stopped sending: what came is what there is
                }
                pending--;
                Headers headers = message.getHeaders();
                String expiresAt = headers == null ? null : headers.getFirst(EXPIRES_AT);
                if (expiresAt != null && headers.getFirst(KV_OPERATION) == null) {
                    try {
                        expiries.put(message.getSubject().substring(subjectPrefix.length()), Instant.parse(expiresAt));
                    } catch (DateTimeParseException e) {
                        // Not written by Edgeway: not an expiry.
                    }
                }
            }
        } finally {
            subscription.unsubscribe();
        }
        return expiries;
    }

    private @Nullable MessageInfo lastMessage(String key) throws Exception {
        try {
            return buckets.management().getLastMessage(stream, subjectPrefix + key);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE) {
                return null;
            }
            throw e;
        }
    }
}
