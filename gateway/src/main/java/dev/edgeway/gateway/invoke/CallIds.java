package dev.edgeway.gateway.invoke;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * New call ids ({@code X-Call-Id}) for the calls the gateway starts itself or on a caller's
 * behalf: proxied calls, async calls, pipeline steps, scheduled calls. A random (version 4) UUID from a
 * non-blocking, non-cryptographic source: a call id names a call, it guards nothing, and
 * {@code UUID.randomUUID()} reads {@code /dev/urandom} through {@code SecureRandom}, a blocking
 * call on the event loop that BlockHound reports. {@code /function}'s calls get theirs here too.
 */
public final class CallIds {

    private CallIds() {}

    /** A new call id. */
    public static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(most, least).toString();
    }
}
