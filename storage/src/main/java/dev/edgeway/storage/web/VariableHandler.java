package dev.edgeway.storage.web;

import dev.edgeway.storage.Blocking;
import dev.edgeway.storage.task.InvalidInputException;
import dev.edgeway.storage.task.KeyToken;
import dev.edgeway.storage.task.Precondition;
import dev.edgeway.storage.task.TaskId;
import dev.edgeway.storage.variable.Ttl;
import dev.edgeway.storage.variable.ValueFormat;
import dev.edgeway.storage.variable.Variable;
import dev.edgeway.storage.variable.VariableName;
import dev.edgeway.storage.variable.VariableNotFoundException;
import dev.edgeway.storage.variable.VariableService;
import dev.edgeway.storage.variable.VariableWrite;
import dev.edgeway.storage.variable.WriteResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * One variable: {@code POST /system/storage/variables} (the original sketch's body, answered by
 * 201 {@code {"status": "stored"}}), and {@code GET}, {@code PUT}, {@code DELETE} on
 * {@code /system/storage/variables/{taskId}/{varName}}. Values are JSON, or raw bytes with
 * {@code application/octet-stream}; writes honour {@code If-Match} and {@code If-None-Match: *}.
 */
final class VariableHandler {

    private static final String VAR_TYPE_RULE = "a string of 1 to 64 characters without control characters";
    private static final long JSON_OVERHEAD = 64 * 1024;
    /**
     * A JSON body is held about four times: the body, the value's text cut from it, and for a
     * binary value its base64 text and the decoded bytes. Raw bytes are held once.
     */
    private static final int JSON_HEAP_FACTOR = 4;

    private final VariableService variables;
    private final LargeBodyGate gate;

    VariableHandler(VariableService variables, LargeBodyGate gate) {
        this.variables = variables;
        this.gate = gate;
    }

    Mono<ServerResponse> post(ServerRequest request) {
        Precondition precondition = Conditions.of(request);
        RequestBodies.requireJson(request);
        return RequestBodies.readAdmitted(request, jsonBodyLimit(), gate, JSON_HEAP_FACTOR, bytes -> {
            VariableBody body = VariableBody.parse(bytes);
            TaskId taskId = TaskId.parse(required("task_id", body.taskId()));
            VariableName name = writable(VariableName.parse("var_name", required("var_name", body.varName())));
            VariableWrite write =
                    write(taskId, name, body.varType(), body.format(), body.value(), body.ttl(), precondition);
            return Blocking.call(() -> variables.put(write))
                    .flatMap(result -> Responses.json(HttpStatus.CREATED, StatusResponse.STORED, result.revision()));
        });
    }

    Mono<ServerResponse> put(ServerRequest request) {
        TaskId taskId = TaskId.parse(request.pathVariable("taskId"));
        VariableName name = writable(VariableName.parse("var_name", request.pathVariable("varName")));
        Precondition precondition = Conditions.of(request);
        MediaType type = RequestBodies.contentType(request);
        if (MediaType.APPLICATION_OCTET_STREAM.isCompatibleWith(type)) {
            String varType = request.queryParam("var_type").orElse(null);
            String ttl = request.queryParam("ttl").orElse(null);
            return RequestBodies.readAdmitted(
                    request,
                    variables.maxValueSize(),
                    gate,
                    1,
                    bytes -> store(write(taskId, name, varType, ValueFormat.BINARY, bytes, ttl, precondition)));
        }
        RequestBodies.requireJson(type);
        return RequestBodies.readAdmitted(
                request,
                jsonBodyLimit(),
                gate,
                JSON_HEAP_FACTOR,
                bytes -> store(jsonWrite(taskId, name, precondition, bytes)));
    }

    /** Whether a body of a PUT's content type and announced length is small enough to read without a permit. */
    boolean unmetered(MediaType type, long length) {
        if (MediaType.APPLICATION_OCTET_STREAM.isCompatibleWith(type)) {
            return length <= variables.maxValueSize() && gate.unmetered(length);
        }
        return RequestBodies.isJson(type) && length <= jsonBodyLimit() && gate.unmetered(length * JSON_HEAP_FACTOR);
    }

    /** A PUT's write from its body: raw bytes, or JSON (whose task_id and var_name, if any, are the path's). */
    static VariableWrite putWrite(
            TaskId taskId, VariableName name, Precondition precondition, MediaType type, byte[] bytes) {
        if (MediaType.APPLICATION_OCTET_STREAM.isCompatibleWith(type)) {
            return write(taskId, name, null, ValueFormat.BINARY, bytes, null, precondition);
        }
        RequestBodies.requireJson(type);
        return jsonWrite(taskId, name, precondition, bytes);
    }

    private static VariableWrite jsonWrite(TaskId taskId, VariableName name, Precondition precondition, byte[] bytes) {
        VariableBody body = VariableBody.parse(bytes);
        matches("task_id", body.taskId(), taskId.value());
        matches("var_name", body.varName(), name.value());
        return write(taskId, name, body.varType(), body.format(), body.value(), body.ttl(), precondition);
    }

    private Mono<ServerResponse> store(VariableWrite write) {
        return Blocking.call(() -> variables.put(write)).flatMap(this::stored);
    }

    private Mono<ServerResponse> stored(WriteResult result) {
        return Responses.json(
                result.created() ? HttpStatus.CREATED : HttpStatus.OK, StatusResponse.STORED, result.revision());
    }

    Mono<ServerResponse> get(ServerRequest request) {
        TaskId taskId = TaskId.parse(request.pathVariable("taskId"));
        VariableName name = VariableName.parse("var_name", request.pathVariable("varName"));
        List<String> accept = request.headers().header(HttpHeaders.ACCEPT);
        boolean binary = VariableRepresentation.wantsBinary(accept.isEmpty() ? null : String.join(",", accept));
        AtomicReference<LargeBodyGate.@Nullable Permit> held = new AtomicReference<>();
        Runnable release = () -> release(held);
        return Blocking.call(() -> read(taskId, name, held))
                .flatMap(variable -> VariableRepresentation.of(variable, binary).response())
                .<ServerResponse>map(response -> new WrittenThen(response, release))
                .doOnError(e -> release.run())
                .doOnCancel(release);
    }

    /**
     * Reads a variable, blocking. The value is loaded whole and held until its response is
     * written: a value in the Object Store is admitted by the gate before it is fetched (an
     * inline one is in the entry already read), its permit left in {@code held} for
     * {@link #release} once the answer is written.
     */
    Variable read(TaskId taskId, VariableName name, AtomicReference<LargeBodyGate.@Nullable Permit> held) {
        String what = "value " + taskId.value() + "/" + name.value();
        return variables
                .find(taskId, name, size -> {
                    if (held.get() == null) {
                        held.set(gate.admit(size, what));
                    }
                })
                .orElseThrow(() -> new VariableNotFoundException(taskId, name));
    }

    static void release(AtomicReference<LargeBodyGate.@Nullable Permit> held) {
        LargeBodyGate.Permit permit = held.getAndSet(null);
        if (permit != null) {
            permit.close();
        }
    }

    Mono<ServerResponse> delete(ServerRequest request) {
        TaskId taskId = TaskId.parse(request.pathVariable("taskId"));
        VariableName name = writable(VariableName.parse("var_name", request.pathVariable("varName")));
        Precondition precondition = Conditions.ifMatchOnly(request);
        return Blocking.run(() -> variables.delete(taskId, name, precondition))
                .flatMap(done -> ServerResponse.noContent().build());
    }

    private long jsonBodyLimit() {
        // Room for base64 (4 bytes per 3) and the other fields around the largest value.
        return variables.maxValueSize() / 3 * 4 + 4 + JSON_OVERHEAD;
    }

    private static VariableWrite write(
            TaskId taskId,
            VariableName name,
            @Nullable String varType,
            ValueFormat format,
            byte[] value,
            @Nullable String ttl,
            Precondition precondition) {
        String type = varType == null ? (format == ValueFormat.JSON ? "json" : "bytes") : varType;
        TaskHandler.text("var_type", type, 64, VAR_TYPE_RULE);
        Duration parsedTtl = Ttl.parse("ttl", ttl).orElse(null);
        return new VariableWrite(taskId, name, type, format, value, parsedTtl, precondition);
    }

    /** The name, unless the gateway reserves it: a caller must not forge a run's state or input. */
    static VariableName writable(VariableName name) {
        if (name.reserved()) {
            throw new StorageRequestException(
                    ProblemType.RESERVED_NAME,
                    "var_name: \"" + name + "\" is reserved for the gateway (expected: a name that does not start with "
                            + VariableName.RESERVED_PREFIX + ")",
                    Map.of("var_name", name.value()));
        }
        return name;
    }

    private static String required(String field, @Nullable String value) {
        if (value == null) {
            throw InvalidInputException.missingField(field, KeyToken.RULE);
        }
        return value;
    }

    private static void matches(String field, @Nullable String inBody, String inPath) {
        if (inBody != null && !inBody.equals(inPath)) {
            throw new InvalidInputException(field, inBody, "the same as in the path: " + inPath + ", or absent");
        }
    }
}
