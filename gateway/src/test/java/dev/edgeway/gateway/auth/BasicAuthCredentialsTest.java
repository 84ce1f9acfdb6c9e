package dev.edgeway.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BasicAuthCredentialsTest {

    private final BasicAuthCredentials credentials = new BasicAuthCredentials("admin", "s3cr:et");

    @Test
    void acceptsItsOwnHeader() {
        assertThat(credentials.matches(credentials.header())).isTrue();
        assertThat(credentials.matches("basic " + encode("admin:s3cr:et"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin:wrong", "Admin:s3cr:et", "admin", ":s3cr:et", "admin:s3cr:et "})
    void refusesOtherCredentials(String userPassword) {
        assertThat(credentials.matches("Basic " + encode(userPassword))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc", "Basic !!!not-base64", "Basic", ""})
    void refusesMalformedHeaders(String header) {
        assertThat(credentials.matches(header)).isFalse();
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(credentials.toString()).contains("admin").doesNotContain("s3cr");
    }

    private static String encode(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
