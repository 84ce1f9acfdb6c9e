package dev.edgeway.gateway.pipeline.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpHostAllowListTest {

    private final HttpHostAllowList allowList =
            new HttpHostAllowList(List.of("merger.local", " 10.0.0.5:9000 ", "Upper.Example"));

    @ParameterizedTest
    @CsvSource({
        "http://merger.local/merge, true",
        "http://merger.local:8080/merge, true",
        "https://MERGER.local/merge, true",
        "http://upper.example/x, true",
        "http://10.0.0.5:9000/x, true",
        "http://10.0.0.5/x, false",
        "http://10.0.0.5:9001/x, false",
        "http://merger.local.evil.example/x, false",
        "http://evil.example/merger.local, false",
    })
    void allowsListedHostsOnlyWithTheirPortWhenGiven(String url, boolean allowed) {
        assertThat(allowList.allows(URI.create(url))).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"http://127.0.0.1/x, true", "http://127.0.0.1:8080/x, true", "https://127.0.0.1/x, true"})
    void usesTheSchemesDefaultPortForHostPortEntries(String url, boolean allowed) {
        HttpHostAllowList byPort = new HttpHostAllowList(List.of("127.0.0.1:80", "127.0.0.1:8080", "127.0.0.1:443"));

        assertThat(byPort.allows(URI.create(url))).isEqualTo(allowed);
    }
}
