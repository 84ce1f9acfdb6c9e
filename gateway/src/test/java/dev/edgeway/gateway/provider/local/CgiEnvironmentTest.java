package dev.edgeway.gateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.invoke.Invocation;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Flux;

class CgiEnvironmentTest {

    @Test
    void describesTheRequestLikeTheClassicWatchdog() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("x-call-id", "abc");
        headers.add("X-Call-Id", "ignored second value");
        headers.add("Content-Type", "application/json");
        headers.add("Content-Length", "12");
        headers.add("Host", "gateway:8080");
        Invocation invocation = new Invocation(
                "fn", "openfaas-fn", HttpMethod.PUT, "/sub/path", "a=1&b=2", headers, Flux.empty(), true);

        Map<String, String> env = CgiEnvironment.of(invocation);

        assertThat(env)
                .containsEntry("Http_X_Call_Id", "abc")
                .containsEntry("Http_Content_Type", "application/json")
                .containsEntry("Http_Method", "PUT")
                .containsEntry("Http_Query", "a=1&b=2")
                .containsEntry("Http_Path", "/sub/path")
                .containsEntry("Http_ContentLength", "12")
                .containsEntry("Http_Content_Length", "12")
                .containsEntry("Http_Host", "gateway:8080")
                .doesNotContainKeys("Http_Transfer_Encoding");
    }

    @Test
    void leavesOutTheQueryWhenThereIsNone() {
        Invocation invocation =
                new Invocation("fn", "openfaas-fn", HttpMethod.GET, "/", null, new HttpHeaders(), Flux.empty(), false);

        assertThat(CgiEnvironment.of(invocation))
                .doesNotContainKeys("Http_Query", "Http_Host")
                .containsEntry("Http_ContentLength", "0")
                .containsEntry("Http_Path", "/");
    }

    @Test
    void marksStreamedBodiesAsChunkedWithUnknownLength() {
        Invocation invocation =
                new Invocation("fn", "openfaas-fn", HttpMethod.POST, "/", "", new HttpHeaders(), Flux.empty(), true);

        assertThat(CgiEnvironment.of(invocation))
                .containsEntry("Http_ContentLength", "-1")
                .containsEntry("Http_Transfer_Encoding", "chunked")
                .doesNotContainKey("Http_Query");
    }

    @ParameterizedTest
    @CsvSource({"x-call-id,X-Call-Id", "CONTENT-TYPE,Content-Type", "accept,Accept", "x-b3-traceid,X-B3-Traceid"})
    void capitalisesHeaderNamesTheWayGoDoes(String name, String canonical) {
        assertThat(CgiEnvironment.canonical(name)).isEqualTo(canonical);
    }
}
