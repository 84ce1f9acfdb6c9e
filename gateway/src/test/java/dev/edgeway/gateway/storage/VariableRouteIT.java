package dev.edgeway.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A variable's {@code GET} and {@code PUT} on the Netty path answer as the WebFlux routes do.
 * Each request is sent twice: as it is, which {@link VariableRoute} serves (the test checks that
 * it did), and with a query parameter the storage routes ignore or that means the default,
 * which sends it to WebFlux. Status, content type, the variable's headers and the body must be the
 * same, for answers and for errors alike.
 */
@GatewayIT
class VariableRouteIT {

    private static final String BASE = "/system/storage/variables/route-task/";

    @LocalServerPort
    int port;

    @Autowired
    BasicAuthCredentials credentials;

    @Autowired
    @Qualifier("variableRoute")
    Object route;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void createTask() throws Exception {
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(uri("/system/storage/tasks"))
                        .header("Authorization", credentials.header())
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString("{\"task_id\":\"route-task\",\"function_name\":\"fn\"}"))
                        .build(),
                BodyHandlers.ofString());
        assertThat(created.statusCode()).isIn(201, 409);
    }

    @Test
    void storesAndReadsRawBytesAsWebFluxDoes() throws Exception {
        HttpResponse<byte[]> created = served(put(BASE + "raw", "abc", null));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(new String(created.body(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"stored\"}");
        assertThat(created.headers().firstValue("ETag"))
                .hasValueSatisfying(tag -> assertThat(tag).matches("\"\\d+\""));

        HttpResponse<byte[]> overwritten = served(put(BASE + "raw", "abcd", null));
        HttpResponse<byte[]> viaWebFlux = passed(put(BASE + "raw?var_type=bytes", "abcd", null));
        assertThat(overwritten.statusCode()).isEqualTo(200);
        same(overwritten, viaWebFlux, "Content-Type");

        for (String accept : new String[] {"application/octet-stream", "application/json", "*/*", null}) {
            HttpResponse<byte[]> here = served(get(BASE + "raw", accept));
            HttpResponse<byte[]> there = passed(get(BASE + "raw?via=webflux", accept));
            assertThat(here.statusCode()).as(accept).isEqualTo(200);
            same(here, there, "Content-Type", "Content-Length", "ETag", "X-Var-Type");
        }
    }

    @Test
    void storesJsonAsWebFluxDoes() throws Exception {
        String json = "{\"var_type\":\"int\",\"value\":42,\"ttl\":\"1h\"}";
        HttpResponse<byte[]> created = served(json("PUT", BASE + "counter", json));
        assertThat(created.statusCode()).isEqualTo(201);
        same(
                served(json("PUT", BASE + "counter", json)),
                passed(json("PUT", BASE + "counter?via=webflux", json)),
                "Content-Type");
        HttpResponse<byte[]> read = served(get(BASE + "counter", "application/json"));
        assertThat(new String(read.body(), StandardCharsets.UTF_8)).contains("\"value\":42", "\"expires_at\"");
        same(read, passed(get(BASE + "counter?via=webflux", "application/json")), "Content-Type", "ETag");
    }

    @Test
    void answersBadJsonAsTheStorageRoutesDo() throws Exception {
        for (String body : new String[] {
            "{\"value\":", "[1]", "{\"task_id\":\"other\",\"value\":1}", "{\"value\":1,\"ttl\":\"soon\"}", ""
        }) {
            HttpResponse<byte[]> fast = served(json("PUT", BASE + "bad", body));
            HttpResponse<byte[]> framework = passed(json("PUT", BASE + "bad?via=webflux", body));
            assertThat(fast.statusCode()).as(body).isEqualTo(400);
            same(fast, framework, "Content-Type");
        }
    }

    @Test
    void answersErrorsAsTheStorageRoutesDo() throws Exception {
        served(put(BASE + "guarded", "v1", null));
        List<String[]> cases = List.of(
                new String[] {"GET", BASE + "missing", "Accept", "application/json"},
                new String[] {"GET", BASE + "guarded", "Accept", "text/html"},
                new String[] {"GET", BASE + "guarded", "Accept", "application/"},
                new String[] {"PUT", BASE + "guarded", "If-Match", "\"999999\""},
                new String[] {"PUT", BASE + "guarded", "If-Match", "not-a-tag"},
                new String[] {"PUT", BASE + "guarded", "If-None-Match", "*"},
                new String[] {"PUT", BASE + "_reserved", "If-Match", "*"},
                new String[] {"PUT", "/system/storage/variables/" + "t".repeat(300) + "/x", "X-Any", "1"});
        for (String[] c : cases) {
            String query = c[0].equals("PUT") ? "?var_type=bytes" : "?via=webflux";
            HttpRequest here = request(c[0], c[1], c[2], c[3]);
            HttpRequest there = request(c[0], c[1] + query, c[2], c[3]);
            HttpResponse<byte[]> fast = served(here);
            HttpResponse<byte[]> framework = passed(there);
            assertThat(fast.statusCode()).as(String.join(" ", c)).isBetween(400, 499);
            same(fast, framework, "Content-Type", "Retry-After");
        }
    }

    @Test
    void refusesMissingOrWrongCredentialsFirst() throws Exception {
        for (String authorization : new String[] {null, "Basic d3Jvbmc6d3Jvbmc="}) {
            HttpRequest.Builder here = HttpRequest.newBuilder(uri(BASE + "missing"));
            HttpRequest.Builder there = HttpRequest.newBuilder(uri(BASE + "missing?via=webflux"));
            if (authorization != null) {
                here.header("Authorization", authorization);
                there.header("Authorization", authorization);
            }
            HttpResponse<byte[]> fast = served(here.GET().build());
            HttpResponse<byte[]> framework = passed(there.GET().build());
            assertThat(fast.statusCode()).isEqualTo(401);
            same(fast, framework, "Content-Type", "WWW-Authenticate");
        }
    }

    @Test
    void readsALargeValueInChunksAtTheCallersPace() throws Exception {
        byte[] value = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(value);
        // Above the large-value threshold: WebFlux takes the write, the read is served here.
        HttpResponse<byte[]> stored = passed(HttpRequest.newBuilder(uri(BASE + "large"))
                .header("Authorization", credentials.header())
                .header("Content-Type", "application/octet-stream")
                .PUT(BodyPublishers.ofByteArray(value))
                .build());
        assertThat(stored.statusCode()).isEqualTo(201);
        HttpResponse<byte[]> read = served(get(BASE + "large", "application/octet-stream"));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(value);
        HttpResponse<byte[]> json = served(get(BASE + "large", "application/json"));
        same(json, passed(get(BASE + "large?via=webflux", "application/json")), "Content-Length", "ETag");
    }

    @Test
    void takesABodyAfterOneHundredContinue() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(BASE + "continued"))
                .expectContinue(true)
                .header("Authorization", credentials.header())
                .header("Content-Type", "application/octet-stream")
                .PUT(BodyPublishers.ofString("x".repeat(4096)))
                .build();
        assertThat(served(request).statusCode()).isEqualTo(201);
        assertThat(served(get(BASE + "continued", "application/octet-stream")).body())
                .hasSize(4096);
    }

    @Test
    void answersPipelinedRequestsInOrderAcrossBothPaths() throws Exception {
        served(put(BASE + "piped", "one", null));
        String auth = "Authorization: " + credentials.header() + "\r\n";
        String get =
                "GET " + BASE + "piped HTTP/1.1\r\nHost: x\r\nAccept: application/octet-stream\r\n" + auth + "\r\n";
        String passedGet =
                "GET " + BASE + "piped?via=webflux HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n" + auth + "\r\n";
        String put = "PUT " + BASE + "piped HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: 3\r\n" + auth + "\r\ntwo";
        String last = "GET " + BASE + "piped HTTP/1.1\r\nHost: x\r\nAccept: application/octet-stream\r\n" + auth
                + "Connection: close\r\n\r\n";
        long before = servedSoFar();
        String answers;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((get + passedGet + put + last).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            answers = readAll(socket.getInputStream());
        }
        Matcher statuses = Pattern.compile("HTTP/1.1 (\\d{3})").matcher(answers);
        List<String> seen = statuses.results().map(m -> m.group(1)).toList();
        assertThat(seen).containsExactly("200", "200", "200", "200");
        assertThat(answers.indexOf("\r\n\r\none")).isLessThan(answers.indexOf("\"value\""));
        assertThat(answers.indexOf("\"value\"")).isLessThan(answers.indexOf("{\"status\":\"stored\"}"));
        assertThat(answers).endsWith("\r\n\r\ntwo");
        assertThat(servedSoFar() - before).isEqualTo(3);
    }

    private HttpResponse<byte[]> served(HttpRequest request) throws IOException, InterruptedException {
        long before = servedSoFar();
        HttpResponse<byte[]> response = http.send(request, BodyHandlers.ofByteArray());
        assertThat(servedSoFar() - before)
                .as("served on the Netty path: " + request)
                .isEqualTo(1);
        return response;
    }

    private HttpResponse<byte[]> passed(HttpRequest request) throws IOException, InterruptedException {
        long before = servedSoFar();
        HttpResponse<byte[]> response = http.send(request, BodyHandlers.ofByteArray());
        assertThat(servedSoFar() - before)
                .as("passed on to WebFlux: " + request)
                .isZero();
        return response;
    }

    private static void same(HttpResponse<byte[]> fast, HttpResponse<byte[]> framework, String... headers) {
        assertThat(fast.statusCode()).isEqualTo(framework.statusCode());
        for (String header : headers) {
            assertThat(fast.headers().allValues(header))
                    .as(header)
                    .isEqualTo(framework.headers().allValues(header));
        }
        assertThat(new String(fast.body(), StandardCharsets.UTF_8))
                .isEqualTo(new String(framework.body(), StandardCharsets.UTF_8));
    }

    private long servedSoFar() {
        return ((VariableRoute) route).served();
    }

    private HttpRequest json(String method, String path, String body) {
        return HttpRequest.newBuilder(uri(path))
                .header("Authorization", credentials.header())
                .header("Content-Type", "application/json")
                .method(method, BodyPublishers.ofString(body))
                .build();
    }

    private HttpRequest put(String path, String value, String ifMatch) {
        return request("PUT", path, "If-Match", ifMatch, value);
    }

    private HttpRequest get(String path, String accept) {
        return request("GET", path, "Accept", accept);
    }

    private HttpRequest request(String method, String path, String header, String value) {
        return request(method, path, header, value, "value");
    }

    private HttpRequest request(String method, String path, String header, String value, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).header("Authorization", credentials.header());
        if (value != null) {
            builder.header(header, value);
        }
        if (method.equals("PUT")) {
            builder.header("Content-Type", "application/octet-stream").PUT(BodyPublishers.ofString(body));
        } else {
            builder.GET();
        }
        return builder.build();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.UTF_8);
    }
}
