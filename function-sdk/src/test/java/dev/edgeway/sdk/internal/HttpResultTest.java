package dev.edgeway.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpResultTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"\"12\"|12", "W/\"7\"|7", "3|3", " \"0\" |0"})
    void readsTheRevisionFromTheEtag(String etag, long revision) {
        assertThat(result(etag).revision()).hasValue(revision);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"\"abc\"", "\"\"", "\"-1\"", "\"12345678901234567890\""})
    void ignoresEtagsThatAreNotRevisions(String etag) {
        assertThat(result(etag).revision()).isEmpty();
    }

    private static HttpResult result(String etag) {
        return new HttpResult(200, HttpHeaders.of(Map.of("ETag", List.of(etag)), (a, b) -> true), new byte[0]);
    }
}
