package dev.edgeway.gateway.async;

import dev.edgeway.storage.kv.StoredJson;
import dev.edgeway.storage.objects.ObjectBucket;
import java.util.Optional;

/**
 * The bodies of calls too large for one NATS message, kept apart in an Object Store bucket
 * ({@code edgeway-async-bodies}): the queued message carries a reference instead, and the body is
 * read back when the call is taken. A body lives until the call's outcome is final and no dead
 * letter refers to it, so a replay sends the same bytes.
 */
final class CallBodies {

    static final String BUCKET = "edgeway-async-bodies";
    /** Room for {@code "BodyObject":{"Name":...,"Size":...}} in a message whose body is kept apart. */
    private static final long REFERENCE = 128;

    private final ObjectBucket bucket;

    CallBodies(ObjectBucket bucket) {
        this.bucket = bucket;
    }

    /** The call as it is stored: as it is, or with its body in the bucket when the whole would exceed {@code max}. */
    QueueRequest keepApartIfLarger(QueueRequest request, long max) {
        if (inlineSize(request) <= max) {
            return request;
        }
        String name = bucket.put("body", request.body());
        return request.storedIn(new QueueRequest.BodyObject(name, request.body().length));
    }

    /** The call with its body, read back from the bucket when kept apart; empty when that body is gone. */
    Optional<QueueRequest> restore(QueueRequest request) {
        QueueRequest.BodyObject object = request.bodyObject();
        if (object == null) {
            return Optional.of(request);
        }
        return bucket.get(object.name()).map(request::withBody);
    }

    /** Deletes the bucket's copy of a call's body, if it has one. */
    void drop(QueueRequest request) {
        if (request.bodyObject() != null) {
            bucket.delete(request.bodyObject().name());
        }
    }

    /** The size of the stored message: the call with its body, or with a reference when that exceeds {@code max}. */
    static long messageSize(QueueRequest request, long max) {
        long inline = inlineSize(request);
        return inline <= max ? inline : inline - base64Length(request.body().length) + REFERENCE;
    }

    /** The call's size with its body in base64 (no line breaks), without encoding the body. */
    private static long inlineSize(QueueRequest request) {
        return StoredJson.MAPPER.writeValueAsBytes(request.withBody(new byte[0])).length
                + "\"Body\":\"\",".length()
                + base64Length(request.body().length);
    }

    private static long base64Length(long bytes) {
        return 4 * ((bytes + 2) / 3);
    }
}
