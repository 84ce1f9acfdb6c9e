package dev.edgeway.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;

class JsonSnifferTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"a\":1}|true",
                "[1, 2]|true",
                "42|true",
                "\"text\"|true",
                "true|true",
                "{\"a\":1} {\"b\":2}|false",
                "{\"a\":|false",
                "hello|false",
                "nothing|false",
            })
    void recognisesExactlyOneJsonValue(String text, boolean json) {
        assertThat(JsonSniffer.isJson(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(json);
    }

    @Test
    void namesTheContentTypeOfJsonTextAndBytes() {
        assertThat(JsonSniffer.contentType("{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(JsonSniffer.contentType("héllo".getBytes(StandardCharsets.UTF_8))
                        .toString())
                .isEqualTo("text/plain;charset=UTF-8");
        assertThat(JsonSniffer.contentType(new byte[] {(byte) 0xff, (byte) 0xd8, 0}))
                .isEqualTo(MediaType.APPLICATION_OCTET_STREAM);
        assertThat(JsonSniffer.isJson(new byte[0])).isFalse();
        assertThat(JsonSniffer.isJson(" {\"printed\": true}\n".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
    }
}
