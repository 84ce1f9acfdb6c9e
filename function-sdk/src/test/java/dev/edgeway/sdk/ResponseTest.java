package dev.edgeway.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResponseTest {

    @Test
    void withHeaderReplacesInAnyCase() {
        Response response = Response.ok("x").withHeader("content-type", "text/csv");

        assertThat(response.headers().get("Content-Type")).containsExactly("text/csv");
    }

    @Test
    void withAddedHeaderKeepsEarlierValues() {
        Response response =
                Response.status(200).withAddedHeader("Set-Cookie", "a=1").withAddedHeader("set-cookie", "b=2");

        assertThat(response.headers().get("Set-Cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void refusesStatusesOutsideHttp() {
        assertThatThrownBy(() -> Response.status(99))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status: 99 (expected: 100 to 599)");
    }
}
