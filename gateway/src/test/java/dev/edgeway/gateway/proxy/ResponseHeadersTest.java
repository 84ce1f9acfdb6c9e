package dev.edgeway.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseHeadersTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "text/event-stream",
                "Text/Event-Stream; charset=utf-8",
                "text/event-stream ;charset=utf-8",
                "application/x-ndjson",
                "APPLICATION/X-NDJSON;q=1",
            })
    void flushesEventStreamsAndNdjsonPerChunk(String contentType) {
        assertThat(ResponseHeaders.isStream(headers(contentType))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "", ";", "text/event-streams", "text/event", "application/json; x=ndjson"})
    void flushesEverythingElsePerBatchOfBuffers(String contentType) {
        assertThat(ResponseHeaders.isStream(headers(contentType))).isFalse();
    }

    @Test
    void treatsAMissingContentTypeAsNoStream() {
        assertThat(ResponseHeaders.isStream(new DefaultHttpHeaders())).isFalse();
    }

    private static HttpHeaders headers(String contentType) {
        return new DefaultHttpHeaders().set("Content-Type", contentType);
    }
}
