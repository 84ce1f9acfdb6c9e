package dev.edgeway.gateway.support;

import org.springframework.test.web.reactive.server.WebTestClient;

/** Reads the management port's Prometheus scrape, as Prometheus does, for tests that look for a series. */
public final class MetricsScrape {

    /** The shared test context serves many functions by the end of a run: its scrape outgrows WebTestClient's 256 KiB. */
    private static final int MAX_SCRAPE = 16 * 1024 * 1024;

    private MetricsScrape() {}

    /** The whole scrape of the gateway whose management port is {@code managementPort}; fails unless it answers 200. */
    public static String of(int managementPort) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + managementPort)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_SCRAPE))
                .build()
                .get()
                .uri("/metrics")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }
}
