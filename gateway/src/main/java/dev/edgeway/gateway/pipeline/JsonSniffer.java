package dev.edgeway.gateway.pipeline;

import dev.edgeway.storage.kv.StoredJson;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells JSON from other bytes, for the format of a stored output and the content type of a
 * step's input or a run's answer. Reads the token stream without building a tree.
 */
public final class JsonSniffer {

    /** Stored outputs are judged by the parser of records at rest. */
    private static final JsonMapper JSON = StoredJson.MAPPER;

    private static final MediaType TEXT_UTF8 = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private JsonSniffer() {}

    /** Whether the bytes are exactly one JSON value (surrounding whitespace allowed). */
    public static boolean isJson(byte[] bytes) {
        if (!startsLikeJson(bytes)) {
            return false;
        }
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }

    /** {@code application/json} for JSON, {@code text/plain} for other UTF-8 text, else octet-stream. */
    public static MediaType contentType(byte[] bytes) {
        if (isJson(bytes)) {
            return MediaType.APPLICATION_JSON;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return TEXT_UTF8;
        } catch (CharacterCodingException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    /** A quick look at the first non-blank byte, so that large binary values are not parsed. */
    private static boolean startsLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '{'
                    || b == '['
                    || b == '"'
                    || b == '-'
                    || (b >= '0' && b <= '9')
                    || b == 't'
                    || b == 'f'
                    || b == 'n';
        }
        return false;
    }
}
