package dev.edgeway.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamTargetsTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = ' ',
            quoteCharacter = '\'',
            value = {
                "/a/b?x=1&y=%41 /a/b?x=1&y=%41",
                "/a|b /a%7Cb",
                "/{x} /%7Bx%7D",
                "/a^b`c /a%5Eb%60c",
                "/a\"b<c>\\d /a%22b%3Cc%3E%5Cd",
                "/%zz /%25zz",
                "/% /%25",
                "/%4 /%254",
                "/q?%zz /q?%25zz",
                "/é /%C3%A9",
                "/a#b /a%23b",
                "'/a b' /a%20b",
            })
    void encodesWhatAUriMayNotHoldAndKeepsValidEscapes(String sent, String forwarded) {
        assertThat(UpstreamTargets.of("http://127.0.0.1:8080", sent).toString())
                .isEqualTo("http://127.0.0.1:8080" + forwarded);
    }
}
