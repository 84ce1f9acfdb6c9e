package dev.edgeway.storage.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.storage.support.StorageIT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code Content-Type} and {@code Accept} headers that are not media types at all are the
 * caller's mistake: a 400 problem naming the header, never a 500. The JDK client sends such
 * headers as given; Spring's clients parse them first.
 */
@StorageIT
class MalformedMediaTypesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "POST|/system/storage/tasks|Content-Type|garbage",
                "POST|/system/storage/tasks|Content-Type|;;;",
                "POST|/system/storage/tasks|Content-Type|application/json; charset=foo",
                "PUT|/system/storage/variables/mt/v|Content-Type|garbage",
                "PUT|/system/storage/variables/mt/v|Content-Type|;;;",
                "GET|/system/storage/variables/mt/v|Accept|;;;",
                "GET|/system/storage/variables/mt/v|Accept|application/json;q=abc",
            })
    void answersAMalformedMediaTypeWithBadRequest(String method, String path, String header, String value)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header(header, value)
                .method(method, HttpRequest.BodyPublishers.ofString("{\"task_id\":\"mt\",\"function_name\":\"f\"}"))
                .build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("invalid-request", header + ": ");
    }
}
