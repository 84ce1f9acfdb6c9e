package dev.edgeway.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemBodyTest {

    @Test
    void readsProblemJsonWithItsExtensions() {
        ProblemBody problem = ProblemBody.from(result(
                "application/problem+json",
                "{\"type\":\"https://edgeway.dev/problems/storage/invalid-request\",\"title\":\"Invalid request\","
                        + "\"status\":400,\"detail\":\"ttl: x (expected: seconds)\",\"instance\":\"/system/storage\","
                        + "\"field\":\"ttl\",\"max_size\":64,\"violations\":[1,2],\"current_revision\":null}"));

        assertThat(problem.type()).isEqualTo("https://edgeway.dev/problems/storage/invalid-request");
        assertThat(problem.title()).isEqualTo("Invalid request");
        assertThat(problem.detail()).isEqualTo("ttl: x (expected: seconds)");
        assertThat(problem.extensions())
                .containsExactlyInAnyOrderEntriesOf(Map.of("field", "ttl", "max_size", "64", "violations", "[1,2]"));
    }

    @Test
    void keepsThePlainTextOfOtherErrors() {
        ProblemBody problem = ProblemBody.from(result("text/plain", "Unauthorized\n"));

        assertThat(problem.type()).isEqualTo("about:blank");
        assertThat(problem.title()).isEmpty();
        assertThat(problem.detail()).isEqualTo("Unauthorized");
    }

    @Test
    void shortensLongBodies() {
        ProblemBody problem = ProblemBody.from(result("text/html", "x".repeat(1000)));

        assertThat(problem.detail()).hasSize(303).endsWith("...");
    }

    @Test
    void survivesJsonThatIsNotJson() {
        ProblemBody problem = ProblemBody.from(result("application/json", "{oops"));

        assertThat(problem.detail()).isEqualTo("{oops");
    }

    private static HttpResult result(String contentType, String body) {
        return new HttpResult(
                400,
                HttpHeaders.of(Map.of("Content-Type", List.of(contentType)), (a, b) -> true),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
