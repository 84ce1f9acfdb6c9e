package dev.edgeway.storage.variable;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.edgeway.storage.kv.StoredJson;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The bytes of a variable's key-value entry: a small JSON header (type, format, timestamp,
 * expiry, size, and the object's name when the value is in the Object Store), then the value
 * as it is, without base64. The expiry travels with the value, so every reader can tell an
 * expired value from a live one without another lookup.
 *
 * <pre>'E' 'W' version:1 headerLength:int32 header:json value:bytes</pre>
 */
record StoredValue(Header header, byte[] inline) {

    private static final byte[] MAGIC = {'E', 'W', 1};
    private static final int HEADER_START = MAGIC.length + 4;
    // Resolved once: a mapper's writeValueAsBytes looks its serializer up on every call.
    private static final ObjectWriter HEADER_WRITER = StoredJson.MAPPER.writerFor(Header.class);
    private static final ObjectReader HEADER_READER = StoredJson.MAPPER.readerFor(Header.class);

    /**
     * The header.
     *
     * @param varType the caller's label
     * @param format how the value reads
     * @param timestamp when it was written
     * @param expiresAt when it expires, or null for never
     * @param size the value's size in bytes
     * @param object the Object Store name holding the value, or null when it is inline
     */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Header(
            String varType,
            ValueFormat format,
            Instant timestamp,
            @Nullable Instant expiresAt,
            long size,
            @Nullable String object) {

        boolean isExpiredAt(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    byte[] encode() {
        byte[] header = HEADER_WRITER.writeValueAsBytes(this.header);
        return ByteBuffer.allocate(MAGIC.length + 4 + header.length + inline.length)
                .put(MAGIC)
                .putInt(header.length)
                .put(header)
                .put(inline)
                .array();
    }

    static StoredValue decode(byte[] entry) {
        int headerLength = headerLength(entry);
        Header header = HEADER_READER.readValue(entry, HEADER_START, headerLength);
        return new StoredValue(header, Arrays.copyOfRange(entry, HEADER_START + headerLength, entry.length));
    }

    /** The value's bytes stored inline (none when it is in the Object Store), without reading the header. */
    static byte[] inlineOf(byte[] entry) {
        return Arrays.copyOfRange(entry, HEADER_START + headerLength(entry), entry.length);
    }

    /** The header alone, without copying the value. */
    static Header headerOf(byte[] entry) {
        return HEADER_READER.readValue(entry, HEADER_START, headerLength(entry));
    }

    private static int headerLength(byte[] entry) {
        if (entry.length < HEADER_START || !Arrays.equals(entry, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalStateException("not a stored variable (unknown format)");
        }
        int headerLength = ByteBuffer.wrap(entry, MAGIC.length, 4).getInt();
        if (headerLength < 0 || HEADER_START + headerLength > entry.length) {
            throw new IllegalStateException("not a stored variable (bad header length)");
        }
        return headerLength;
    }
}
