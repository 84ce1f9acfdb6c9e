package dev.edgeway.storage.web;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A request the web layer refuses before it reaches a service: bad JSON, media type, route. */
final class StorageRequestException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, @Nullable Object> extensions;

    StorageRequestException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    StorageRequestException(ProblemType type, String detail, Map<String, @Nullable Object> extensions) {
        super(detail);
        this.type = type;
        this.extensions = extensions;
    }

    ProblemType type() {
        return type;
    }

    Map<String, @Nullable Object> extensions() {
        return extensions;
    }
}
