package dev.edgeway.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathSegmentsTest {

    @ParameterizedTest
    @CsvSource({
        "task-1_A, task-1_A",
        "a b, a%20b",
        "a/b, a%2Fb",
        ".., %2E%2E",
        "a?b#c, a%3Fb%23c",
        "100%, 100%25",
        "é, %C3%A9",
        "a+b, a%2Bb"
    })
    void encodesEverythingButUnreservedCharacters(String raw, String encoded) {
        assertThat(PathSegments.encode(raw)).isEqualTo(encoded);
    }
}
