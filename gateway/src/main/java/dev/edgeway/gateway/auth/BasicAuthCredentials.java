package dev.edgeway.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

/** The gateway's basic-auth user and password. {@link #toString()} never shows the password. */
public record BasicAuthCredentials(String user, String password) {

    public BasicAuthCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isEmpty() || password.isEmpty()) {
            throw new IllegalArgumentException("basic auth user and password must not be empty");
        }
    }

    /** Whether an {@code Authorization} header carries these credentials; compared in constant time. */
    public boolean matches(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean userOk = constantTimeEquals(user, decoded.substring(0, colon));
        boolean passwordOk = constantTimeEquals(password, decoded.substring(colon + 1));
        return userOk & passwordOk;
    }

    /** The {@code Authorization} header value for calls made with these credentials. */
    public String header() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BasicAuthCredentials[user=" + user + ", password=<redacted>]";
    }
}
