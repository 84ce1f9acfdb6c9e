package dev.edgeway.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTest {

    @Test
    void matchesHeaderNamesInAnyCase() {
        Request request = Request.of("GET", "/", "", Map.of("X-Task-Id", List.of("a", "b")), new byte[0]);

        assertThat(request.header("x-task-id")).contains("a");
        assertThat(request.headers().get("X-TASK-ID")).containsExactly("a", "b");
        assertThat(request.taskId()).contains("a");
    }

    @Test
    void blankTaskIdIsAbsent() {
        Request request = Request.of("GET", "/", "", Map.of("X-Task-ID", List.of("  ")), new byte[0]);

        assertThat(request.taskId()).isEmpty();
    }

    @Test
    void keepsItsBodyToItself() {
        byte[] body = {1, 2};
        Request request = Request.of("POST", "/", "", Map.of(), body);
        body[0] = 9;
        request.body()[1] = 9;

        assertThat(request.body()).containsExactly(1, 2);
        assertThat(request.toString()).isEqualTo("Request[POST /, 2 bytes]");
    }
}
