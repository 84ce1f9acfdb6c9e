package dev.edgeway.storage.variable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.storage.variable.StoredValue.Header;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredValueTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00.123Z");

    @Test
    void keepsTheHeaderAndTheValueBytesAsTheyAre() {
        byte[] value = {0, (byte) 0xff, '{', '"'};
        Header header = new Header("ndarray", ValueFormat.BINARY, NOW, NOW.plusSeconds(60), value.length, null);

        StoredValue decoded = StoredValue.decode(new StoredValue(header, value).encode());

        assertThat(decoded.header()).isEqualTo(header);
        assertThat(decoded.inline()).isEqualTo(value);
        assertThat(StoredValue.headerOf(new StoredValue(header, value).encode()))
                .isEqualTo(header);
        assertThat(StoredValue.inlineOf(new StoredValue(header, value).encode()))
                .isEqualTo(value);
    }

    @Test
    void pointsToTheObjectOfASpilledValue() {
        Header header = new Header("json", ValueFormat.JSON, NOW, null, 20_000_000, "t.v.NUID");

        StoredValue decoded = StoredValue.decode(new StoredValue(header, new byte[0]).encode());

        assertThat(decoded.header().object()).isEqualTo("t.v.NUID");
        assertThat(decoded.header().expiresAt()).isNull();
        assertThat(decoded.inline()).isEmpty();
    }

    @Test
    void tellsExpiredFromLive() {
        Header header = new Header("json", ValueFormat.JSON, NOW, NOW.plusSeconds(1), 1, null);

        assertThat(header.isExpiredAt(NOW)).isFalse();
        assertThat(header.isExpiredAt(NOW.plusSeconds(1))).isTrue();
        assertThat(new Header("json", ValueFormat.JSON, NOW, null, 1, null).isExpiredAt(Instant.MAX))
                .isFalse();
    }

    @Test
    void refusesBytesItDidNotWrite() {
        assertThatThrownBy(() -> StoredValue.decode("{\"value\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class);
    }
}
