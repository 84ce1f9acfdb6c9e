package dev.edgeway.gateway.path;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.server.RequestPath;

class CanonicalPathTest {

    @ParameterizedTest
    @CsvSource({
        "/system/functions, /system/functions",
        "/%73ystem/functions, /system/functions",
        "/%73%79%73%74%65%6d/functions, /system/functions",
        "/%73%79%73%74%65%6D/functions, /system/functions",
        "/system/storage/variables/t/a%2Eb, /system/storage/variables/t/a.b",
        "/system/storage/variables/t/.hidden, /system/storage/variables/t/.hidden",
        "/%2573ystem/functions, /%73ystem/functions",
        "/system/functions%252F, /system/functions%2F",
        "/, /",
    })
    void decodesAsTheRouterDoes(String raw, String routed) {
        CanonicalPath path = CanonicalPath.of(RequestPath.parse(raw, null));

        assertThat(path.isCanonical()).isTrue();
        assertThat(path.value()).isEqualTo(routed);
    }

    @ParameterizedTest
    @CsvSource(
            quoteCharacter = '"',
            value = {
                "/system;x/functions, /system/functions, ';' parameters",
                "/system;/functions, /system/functions, ';' parameters",
                "/system/functions;a=b, /system/functions, ';' parameters",
                "/system/./functions, /system/./functions, '.' or '..'",
                "/function/../system/functions, /function/../system/functions, '.' or '..'",
                "/system/%2e%2E/system/functions, /system/../system/functions, '.' or '..'",
                "/system/x/.%2e/functions, /system/x/../functions, '.' or '..'",
                "/system%2Ffunctions, /system/functions, encoded '/'",
                "/system%2ffunctions, /system/functions, encoded '/'",
                "/system%5Cfunctions, /system\\functions, encoded '/'",
                "/system/%00functions, /system/\u0000functions, control characters",
            })
    void rejectsSpellingsThatCouldRouteElsewhere(String raw, String routed, String expected) {
        CanonicalPath path = CanonicalPath.of(RequestPath.parse(raw, null));

        assertThat(path.isCanonical()).isFalse();
        assertThat(path.problem()).contains(expected);
        assertThat(path.value()).isEqualTo(routed);
    }

    @ParameterizedTest
    @CsvSource({
        "/system/storage, /system/storage, true",
        "/system/storage/tasks, /system/storage, true",
        "/system/storagex, /system/storage, false",
        "/system, /system/storage, false",
    })
    void tellsWhetherAPathLiesWithinAnother(String raw, String prefix, boolean within) {
        assertThat(CanonicalPath.of(RequestPath.parse(raw, null)).isWithin(prefix))
                .isEqualTo(within);
    }
}
