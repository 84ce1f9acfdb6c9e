package dev.edgeway.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.RawHttp;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Sub-paths that are not valid URIs, as careless clients send them, reach an HTTP-mode function
 * the way OpenFaaS forwards them (characters a URI may not hold percent-encoded) instead of
 * failing the gateway.
 */
@GatewayIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedFunctionPathIT {

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @LocalServerPort
    int port;

    SystemApi api;

    @BeforeAll
    void deployEcho() {
        api = new SystemApi(client, credentials);
        api.deploy(TestFunctions.echoServer("echo-raw", ""));
    }

    @AfterAll
    void removeEcho() {
        api.remove("echo-raw");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ' ',
            quoteCharacter = '\'',
            value = {
                "/a|b /a%7Cb ''",
                "/{x} /%7Bx%7D ''",
                "/a^b /a%5Eb ''",
                "/a`b /a%60b ''",
                "/a\"b /a%22b ''",
                "/a<b> /a%3Cb%3E ''",
                "/a\\b /a%5Cb ''",
                "/%zz /%25zz ''",
                "/% /%25 ''",
                "/a%2Fb%20c /a%2Fb%20c ''",
                "/q?%zz /q %25zz",
                "/q?a=|&b=%41 /q a=%7C&b=%41",
            })
    void forwardsSubPathsThatAreNotValidUrisEncoded(String sent, String path, String query) {
        RawHttp.Response response = new RawHttp(port).send("GET", "/function/echo-raw" + sent, Map.of());

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.text()).contains("\"path\": \"" + path + "\"", "\"query\": \"" + query + "\"");
    }
}
