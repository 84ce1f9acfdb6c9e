package dev.edgeway.gateway.error;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway-level problems of Edgeway's own APIs (RFC 9457,
 * https://datatracker.ietf.org/doc/html/rfc9457), answered before any of their handlers runs:
 * missing credentials and a path that is not canonical. The APIs' own errors are written by
 * their modules.
 */
public final class OwnApiProblems {

    private static final String BASE = "https://edgeway.dev/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OwnApiProblems() {}

    /** A problem of the given kind ({@code unauthorized}, {@code invalid-path}) for a path. */
    public static ProblemDetail of(HttpStatusCode status, String kind, String title, String detail, String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(BASE + kind));
        problem.setTitle(title);
        problem.setInstance(URI.create(instance));
        return problem;
    }

    public static Mono<ServerResponse> response(ProblemDetail problem, Consumer<HttpHeaders> headers) {
        return ServerResponse.status(problem.getStatus())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(bytes(problem));
    }

    public static Mono<Void> write(ServerHttpResponse response, ProblemDetail problem) {
        response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer body = response.bufferFactory().wrap(bytes(problem));
        return response.writeWith(Mono.just(body));
    }

    private static byte[] bytes(ProblemDetail problem) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", problem.getType().toString());
        fields.put("title", problem.getTitle());
        fields.put("status", problem.getStatus());
        fields.put("detail", problem.getDetail());
        fields.put("instance", String.valueOf(problem.getInstance()));
        return JSON.writeValueAsBytes(fields);
    }
}
