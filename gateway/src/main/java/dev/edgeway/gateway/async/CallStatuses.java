package dev.edgeway.gateway.async;

import dev.edgeway.storage.StoreUnavailableException;
import dev.edgeway.storage.kv.Entry;
import dev.edgeway.storage.kv.NamedBucket;
import dev.edgeway.storage.kv.StoredJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The status of each call, one entry per call id in the {@code edgeway-async-calls} key-value
 * bucket, which drops entries after the retention. The key is the call id in base64url, since a
 * caller's {@code X-Call-Id} may hold characters NATS keys cannot. Blocking: call it off the
 * event loop. A status that cannot be written is logged, never failing the call it describes.
 */
final class CallStatuses {

    static final String BUCKET = "edgeway-async-calls";
    private static final Logger log = LoggerFactory.getLogger(CallStatuses.class);
    private static final JsonMapper JSON = StoredJson.MAPPER;

    private final NamedBucket bucket;

    CallStatuses(NamedBucket bucket) {
        this.bucket = bucket;
    }

    void record(CallStatus status) {
        try {
            bucket.put(key(status.callId()), JSON.writeValueAsBytes(status));
        } catch (StoreUnavailableException e) {
            log.debug("Status of call {} not recorded: {}", status.callId(), e.getMessage());
        }
    }

    /** The call's status, or empty when unknown or older than the retention. */
    Optional<CallStatus> find(String callId) {
        return bucket.get(key(callId)).map(Entry::value).map(bytes -> JSON.readValue(bytes, CallStatus.class));
    }

    private static String key(String callId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(callId.getBytes(StandardCharsets.UTF_8));
    }
}
