package dev.edgeway.storage.kv;

/**
 * A conditional write found another revision than it expected (JetStream API error 10071,
 * "wrong last sequence"), or a create found the key present.
 */
public class RevisionConflictException extends RuntimeException {

    public RevisionConflictException(String key, long expectedRevision) {
        super(
                expectedRevision == 0
                        ? "key: " + key + " (expected: absent)"
                        : "key: " + key + " (expected revision: " + expectedRevision + ")");
    }
}
