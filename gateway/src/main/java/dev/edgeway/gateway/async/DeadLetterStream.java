package dev.edgeway.gateway.async;

import dev.edgeway.storage.kv.StoredJson;
import dev.edgeway.storage.stream.MessageStreams;
import dev.edgeway.storage.stream.StoredMessage;
import dev.edgeway.storage.stream.StreamSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dead letters of the async queue: a stream of their own ({@code EDGEWAY_ASYNC_DEAD},
 * subjects {@code edgeway.async-dead.<function>}), kept for {@code edgeway.async.dead-letter-max-age}
 * and read in sequence order, so a listing and a replay see the same letters.
 */
final class DeadLetterStream {

    static final String STREAM = "EDGEWAY_ASYNC_DEAD";
    private static final int PAGE = 256;
    private static final JsonMapper JSON = StoredJson.MAPPER;

    private final MessageStreams streams;
    private final Duration maxAge;

    DeadLetterStream(MessageStreams streams, Duration maxAge) {
        this.streams = streams;
        this.maxAge = maxAge;
    }

    void ensure() {
        streams.ensure(new StreamSpec(STREAM, "edgeway.async-dead.>", false, maxAge));
    }

    void store(DeadLetter letter) {
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

    /** Up to {@code limit} letters, oldest first, of one function ({@code name.namespace}) or of all. */
    List<StoredDeadLetter> list(@Nullable String function, int limit) {
        List<StoredDeadLetter> letters = new ArrayList<>();
        long from = 0;
        while (letters.size() < limit) {
            List<StoredMessage> page = streams.read(STREAM, from, PAGE);
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

    /** Puts the letter's call back on {@code subject} and removes the letter. */
    void replay(StoredDeadLetter stored, String subject) {
        QueueRequest request = stored.letter().request();
        // A message id of its own: the call id is still inside the duplicate window after a quick replay.
        streams.publish(subject, JSON.writeValueAsBytes(request), "replay-" + stored.sequence());
        streams.delete(STREAM, stored.sequence());
    }
}
