package dev.edgeway.sdk.state;

import dev.edgeway.sdk.internal.HttpCall;
import dev.edgeway.sdk.internal.HttpResult;
import dev.edgeway.sdk.internal.StateJson;
import dev.edgeway.sdk.internal.StateJson.WireTask;
import dev.edgeway.sdk.internal.StateJson.WireVariable;
import dev.edgeway.sdk.internal.StateJson.WireVariableItem;
import dev.edgeway.sdk.internal.StateJson.WireVariableList;
import dev.edgeway.sdk.internal.StoragePaths;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The state of one task: its metadata and its variables. Obtained from
 * {@link StateClient#task(String)} or {@link StateClient#task(dev.edgeway.sdk.Request)}; as
 * thread-safe as its client.
 *
 * <p>Values are JSON (any type Jackson writes and reads: records, maps, lists, numbers, strings)
 * or raw bytes. Reads return an empty {@link Optional} when the variable does not exist, has
 * expired, or its task does not exist. Every write answers the value's new revision, which a
 * later conditional write can expect.
 */
public final class TaskState {

    private static final Set<String> ABSENT_TASK = Set.of(StateNotFoundException.TASK_NOT_FOUND);
    private static final Set<String> ABSENT_VARIABLE =
            Set.of(StateNotFoundException.VARIABLE_NOT_FOUND, StateNotFoundException.TASK_NOT_FOUND);
    private static final String JSON = "application/json";
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final int LIST_PAGE = 1000;
    private static final int UPDATE_ATTEMPTS = 32;
    private static final long MAX_BACKOFF_NANOS = 50_000_000L;

    private final StateClient client;
    private final String taskId;

    TaskState(StateClient client, String taskId) {
        this.client = client;
        this.taskId = taskId;
    }

    /**
     * The task's id.
     *
     * @return the id
     */
    public String taskId() {
        return taskId;
    }

    // ---- the task

    /**
     * Creates the task.
     *
     * @param functionName the function the task belongs to
     * @throws StateConflictException when the task exists (409)
     * @throws StateException when the call fails otherwise
     */
    public void create(String functionName) {
        client.call(HttpCall.of("POST", StoragePaths.tasks())
                .body(JSON, StateJson.write(Map.of("task_id", taskId, "function_name", functionName))));
    }

    /**
     * Creates the task unless it exists; for the first step of a multi-step function that may be
     * retried.
     *
     * @param functionName the function the task belongs to
     * @return true when this call created it, false when it existed
     * @throws StateException when the call fails otherwise
     */
    public boolean createIfAbsent(String functionName) {
        try {
            create(functionName);
            return true;
        } catch (StateConflictException e) {
            if (e.isTaskExists()) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The task's metadata.
     *
     * @return the metadata; empty when the task does not exist
     * @throws StateException when the call fails
     */
    public Optional<TaskMetadata> metadata() {
        HttpCall call = HttpCall.of("GET", StoragePaths.task(taskId));
        return client.callOrAbsent(call, ABSENT_TASK).map(result -> metadata(call, result));
    }

    /**
     * Sets the task's status, whatever it was.
     *
     * @param status 1 to 64 characters without control characters, such as {@code done}
     * @return the updated metadata
     * @throws StateNotFoundException when the task does not exist
     * @throws StateException when the call fails otherwise
     */
    public TaskMetadata setStatus(String status) {
        HttpCall call = statusCall(status);
        return metadata(call, client.call(call));
    }

    /**
     * Sets the task's status if its metadata is still at a revision.
     *
     * @param status the new status
     * @param expectedRevision the {@link TaskMetadata#revision()} the change is based on
     * @return the updated metadata
     * @throws StateConflictException when the metadata has changed since (412)
     * @throws StateNotFoundException when the task does not exist
     * @throws StateException when the call fails otherwise
     */
    public TaskMetadata setStatus(String status, long expectedRevision) {
        HttpCall call = statusCall(status).header("If-Match", etag(expectedRevision));
        return metadata(call, client.call(call));
    }

    private HttpCall statusCall(String status) {
        Objects.requireNonNull(status, "status");
        return HttpCall.of("PATCH", StoragePaths.task(taskId)).body(JSON, StateJson.write(Map.of("status", status)));
    }

    /**
     * Deletes the task and all its variables.
     *
     * @return true when it existed, false when there was nothing to delete
     * @throws StateException when the call fails
     */
    public boolean delete() {
        return client.callOrAbsent(HttpCall.of("DELETE", StoragePaths.task(taskId)), ABSENT_TASK)
                .isPresent();
    }

    // ---- JSON values

    /**
     * Stores a value as JSON, unconditionally and without expiry.
     *
     * @param name the variable's name (the gateway accepts 1 to 128 characters from
     *     {@code A-Z a-z 0-9 _ -})
     * @param value the value; anything Jackson writes, not null
     * @return the value's new revision
     * @throws StateNotFoundException when the task does not exist
     * @throws StateException when the call fails otherwise
     * @throws IllegalArgumentException when the value cannot be written as JSON
     */
    public long put(String name, Object value) {
        return put(name, value, PutOptions.defaults());
    }

    /**
     * Stores a value as JSON.
     *
     * @param name the variable's name
     * @param value the value; anything Jackson writes, not null
     * @param options TTL, label and condition
     * @return the value's new revision
     * @throws StateConflictException when the condition does not hold (412)
     * @throws StateNotFoundException when the task does not exist
     * @throws StateException when the call fails otherwise, such as 413 for a value too large
     * @throws IllegalArgumentException when the value cannot be written as JSON
     */
    public long put(String name, Object value, PutOptions options) {
        Objects.requireNonNull(value, "value");
        byte[] body = StateJson.variableBody(value, options.varType().orElse(null), options.ttlText());
        return write(conditional(HttpCall.of("PUT", StoragePaths.variable(taskId, name)), options)
                .body(JSON, body));
    }

    /**
     * Reads a JSON value as a class.
     *
     * @param name the variable's name
     * @param type the class to read the value as
     * @param <T> the value's type
     * @return the value; empty when the variable (or its task) does not exist, has expired, or
     *     holds JSON {@code null}
     * @throws StateException when the call fails, or the value does not read as the type
     */
    public <T> Optional<T> get(String name, Class<T> type) {
        return this.<T>read(name, (Type) type).flatMap(StoredVariable::value);
    }

    /**
     * Reads a JSON value as a generic type.
     *
     * @param name the variable's name
     * @param type the type, such as {@code new TypeRef<List<Double>>() {}}
     * @param <T> the value's type
     * @return the value; empty when the variable (or its task) does not exist, has expired, or
     *     holds JSON {@code null}
     * @throws StateException when the call fails, or the value does not read as the type
     */
    public <T> Optional<T> get(String name, TypeRef<T> type) {
        return this.<T>read(name, type.type()).flatMap(StoredVariable::value);
    }

    /**
     * Reads a variable with its revision, label and expiry, the value as a class.
     *
     * @param name the variable's name
     * @param type the class to read the value as
     * @param <T> the value's type
     * @return the variable; empty when it (or its task) does not exist or has expired
     * @throws StateException when the call fails, or the value does not read as the type
     */
    public <T> Optional<StoredVariable<T>> read(String name, Class<T> type) {
        return read(name, (Type) type);
    }

    /**
     * Reads a variable with its revision, label and expiry, the value as a generic type.
     *
     * @param name the variable's name
     * @param type the type, such as {@code new TypeRef<Map<String, Double>>() {}}
     * @param <T> the value's type
     * @return the variable; empty when it (or its task) does not exist or has expired
     * @throws StateException when the call fails, or the value does not read as the type
     */
    public <T> Optional<StoredVariable<T>> read(String name, TypeRef<T> type) {
        return read(name, type.type());
    }

    private <T> Optional<StoredVariable<T>> read(String name, Type type) {
        HttpCall call = HttpCall.of("GET", StoragePaths.variable(taskId, name)).header("Accept", JSON);
        return client.callOrAbsent(call, ABSENT_VARIABLE).map(result -> {
            WireVariable wire = parse(call, result, WireVariable.class);
            T value;
            try {
                value = wire.value() == null ? null : StateJson.convert(wire.value(), type);
            } catch (IllegalArgumentException e) {
                throw StateErrors.unreadable(call, name, e);
            }
            return variable(wire, value, revision(call, result));
        });
    }

    /**
     * Changes a JSON value by read-modify-write: reads it, applies the change, and writes the
     * result only if nobody wrote in between ({@code If-Match}, or {@code If-None-Match: *} when
     * it did not exist), retrying from the read when somebody did.
     *
     * @param name the variable's name
     * @param type the class of the value
     * @param initial the value to change when the variable does not exist
     * @param change computes the new value from the current one; may run more than once, so it
     *     must have no other effects
     * @param <T> the value's type
     * @return the value written
     * @throws StateConflictException when concurrent writers won 32 times in a row
     * @throws StateException when a call fails otherwise
     */
    public <T> T update(String name, Class<T> type, T initial, UnaryOperator<T> change) {
        return update(name, (Type) type, initial, change);
    }

    /**
     * Changes a JSON value of a generic type by read-modify-write, as
     * {@link #update(String, Class, Object, UnaryOperator)} does.
     *
     * @param name the variable's name
     * @param type the value's type, such as {@code new TypeRef<List<Point>>() {}}
     * @param initial the value to change when the variable does not exist
     * @param change computes the new value from the current one; may run more than once, so it
     *     must have no other effects
     * @param <T> the value's type
     * @return the value written
     * @throws StateConflictException when concurrent writers won 32 times in a row
     * @throws StateException when a call fails otherwise
     */
    public <T> T update(String name, TypeRef<T> type, T initial, UnaryOperator<T> change) {
        return update(name, type.type(), initial, change);
    }

    private <T> T update(String name, Type type, T initial, UnaryOperator<T> change) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(change, "change");
        StateConflictException last = null;
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Optional<StoredVariable<T>> current = read(name, type);
            T next = Objects.requireNonNull(
                    change.apply(current.flatMap(StoredVariable::value).orElse(initial)), "change result");
            PutOptions condition = current.map(v -> PutOptions.defaults().ifRevision(v.revision()))
                    .orElseGet(() -> PutOptions.defaults().ifAbsent());
            try {
                put(name, next, condition);
                return next;
            } catch (StateConflictException e) {
                if (!e.isPreconditionFailed()) {
                    throw e;
                }
                last = e;
                backOff(attempt);
            }
        }
        throw Objects.requireNonNull(last);
    }

    /** Waits a random time up to 1 ms doubled per attempt (at most 50 ms), so racing writers spread out. */
    private static void backOff(int attempt) {
        long bound = Math.min(MAX_BACKOFF_NANOS, 1_000_000L << Math.min(attempt, 10));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(bound));
    }

    // ---- bytes

    /**
     * Stores bytes as they are ({@code application/octet-stream}), unconditionally and without
     * expiry.
     *
     * @param name the variable's name
     * @param value the bytes
     * @return the value's new revision
     * @throws StateNotFoundException when the task does not exist
     * @throws StateException when the call fails otherwise
     */
    public long putBytes(String name, byte[] value) {
        return putBytes(name, value, PutOptions.defaults());
    }

    /**
     * Stores bytes as they are ({@code application/octet-stream}).
     *
     * @param name the variable's name
     * @param value the bytes
     * @param options TTL, label and condition
     * @return the value's new revision
     * @throws StateConflictException when the condition does not hold (412)
     * @throws StateNotFoundException when the task does not exist
     * @throws StateException when the call fails otherwise, such as 413 for a value too large
     */
    public long putBytes(String name, byte[] value, PutOptions options) {
        Objects.requireNonNull(value, "value");
        String path =
                StoragePaths.binaryVariable(taskId, name, options.varType().orElse(null), options.ttlText());
        return write(conditional(HttpCall.of("PUT", path), options).body(OCTET_STREAM, value));
    }

    /**
     * Reads a variable's bytes as stored: a binary value as it was written, a JSON value as its
     * UTF-8 JSON text.
     *
     * @param name the variable's name
     * @return the bytes; empty when the variable (or its task) does not exist or has expired
     * @throws StateException when the call fails
     */
    public Optional<byte[]> getBytes(String name) {
        HttpCall call = HttpCall.of("GET", StoragePaths.variable(taskId, name)).header("Accept", OCTET_STREAM);
        return client.callOrAbsent(call, ABSENT_VARIABLE).map(HttpResult::body);
    }

    /**
     * Reads a variable's bytes with its revision, label and expiry. The value travels as base64
     * inside JSON; prefer {@link #getBytes(String)} for large values when no revision is needed.
     *
     * @param name the variable's name
     * @return the variable; empty when it (or its task) does not exist or has expired
     * @throws StateException when the call fails
     */
    public Optional<StoredVariable<byte[]>> readBytes(String name) {
        HttpCall call = HttpCall.of("GET", StoragePaths.variable(taskId, name)).header("Accept", JSON);
        return client.callOrAbsent(call, ABSENT_VARIABLE).map(result -> {
            WireVariable wire = parse(call, result, WireVariable.class);
            byte[] bytes = bytes(call, name, wire);
            return variable(wire, bytes, revision(call, result));
        });
    }

    private static byte[] bytes(HttpCall call, String name, WireVariable wire) {
        if (wire.value() == null) {
            return "null".getBytes(StandardCharsets.UTF_8);
        }
        if (ValueFormat.parse(String.valueOf(wire.format())) == ValueFormat.JSON) {
            return StateJson.write(wire.value());
        }
        try {
            return Base64.getDecoder().decode(wire.value().asString());
        } catch (IllegalArgumentException e) {
            throw StateErrors.unreadable(call, name, e);
        }
    }

    // ---- deletion and listing

    /**
     * Deletes a variable, whatever its revision.
     *
     * @param name the variable's name
     * @return true when it existed, false when there was nothing to delete
     * @throws StateException when the call fails
     */
    public boolean deleteVariable(String name) {
        return client.callOrAbsent(HttpCall.of("DELETE", StoragePaths.variable(taskId, name)), ABSENT_VARIABLE)
                .isPresent();
    }

    /**
     * Deletes a variable if it is still at a revision.
     *
     * @param name the variable's name
     * @param expectedRevision the revision the deletion is based on
     * @return true when it was deleted, false when it did not exist
     * @throws StateConflictException when it has another revision (412)
     * @throws StateException when the call fails otherwise
     */
    public boolean deleteVariable(String name, long expectedRevision) {
        HttpCall call =
                HttpCall.of("DELETE", StoragePaths.variable(taskId, name)).header("If-Match", etag(expectedRevision));
        return client.callOrAbsent(call, ABSENT_VARIABLE).isPresent();
    }

    /**
     * One page of the task's live variables, from the first.
     *
     * @param limit the page size, at least 1 (the gateway caps it)
     * @return the page
     * @throws StateNotFoundException when the task does not exist
     * @throws StateException when the call fails otherwise
     */
    public VariablePage listPage(int limit) {
        return page(limit, null);
    }

    /**
     * One page of the task's live variables, after a name.
     *
     * @param limit the page size, at least 1 (the gateway caps it)
     * @param after the {@link VariablePage#next()} of the previous page
     * @return the page
     * @throws StateNotFoundException when the task does not exist
     * @throws StateException when the call fails otherwise
     */
    public VariablePage listPage(int limit, String after) {
        return page(limit, Objects.requireNonNull(after, "after"));
    }

    /**
     * All the task's live variables, following the pages.
     *
     * @return the variables in name order
     * @throws StateNotFoundException when the task does not exist
     * @throws StateException when a call fails otherwise
     */
    public List<VariableInfo> list() {
        List<VariableInfo> all = new ArrayList<>();
        VariablePage page = page(LIST_PAGE, null);
        all.addAll(page.variables());
        while (page.next().isPresent()) {
            page = page(LIST_PAGE, page.next().get());
            all.addAll(page.variables());
        }
        return List.copyOf(all);
    }

    private VariablePage page(int limit, @Nullable String after) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
        }
        HttpCall call = HttpCall.of("GET", StoragePaths.variables(taskId, limit, after));
        WireVariableList wire = parse(call, client.call(call), WireVariableList.class);
        List<VariableInfo> items = wire.variables() == null
                ? List.of()
                : wire.variables().stream().map(TaskState::info).toList();
        return new VariablePage(items, wire.next());
    }

    @Override
    public String toString() {
        return "TaskState[" + taskId + "]";
    }

    // ---- mapping

    private long write(HttpCall call) {
        return revision(call, client.call(call));
    }

    private static HttpCall conditional(HttpCall call, PutOptions options) {
        if (options.createOnly()) {
            return call.header("If-None-Match", "*");
        }
        if (options.expectedRevision().isPresent()) {
            return call.header("If-Match", etag(options.expectedRevision().getAsLong()));
        }
        return call;
    }

    static String etag(long revision) {
        return "\"" + revision + "\"";
    }

    private static long revision(HttpCall call, HttpResult result) {
        return result.revision()
                .orElseThrow(() -> new StateException(
                        call + ": " + result.status() + " without a readable ETag",
                        0,
                        StateException.ABOUT_BLANK,
                        "",
                        "response without a readable ETag: "
                                + result.header("ETag").orElse("(none)"),
                        Map.of(),
                        null));
    }

    private static <T> T parse(HttpCall call, HttpResult result, Class<T> type) {
        try {
            return StateJson.read(result.body(), type);
        } catch (IllegalArgumentException e) {
            throw new StateException(
                    call + ": " + e.getMessage(), 0, StateException.ABOUT_BLANK, "", e.getMessage(), Map.of(), e);
        }
    }

    private static TaskMetadata metadata(HttpCall call, HttpResult result) {
        WireTask wire = parse(call, result, WireTask.class);
        return new TaskMetadata(
                wire.taskId(),
                wire.functionName(),
                wire.status(),
                wire.variables() == null ? List.of() : wire.variables(),
                wire.createdAt(),
                wire.updatedAt(),
                result.revision().orElse(0));
    }

    private static <T> StoredVariable<T> variable(WireVariable wire, @Nullable T value, long revision) {
        ValueFormat format = ValueFormat.parse(String.valueOf(wire.format()));
        return new StoredVariable<>(
                wire.taskId(),
                wire.varName(),
                wire.varType() == null ? (format == ValueFormat.JSON ? "json" : "bytes") : wire.varType(),
                format,
                value,
                wire.timestamp(),
                wire.expiresAt(),
                revision);
    }

    private static VariableInfo info(WireVariableItem item) {
        ValueFormat format = ValueFormat.parse(String.valueOf(item.format()));
        return new VariableInfo(
                item.varName(),
                item.varType() == null ? "json" : item.varType(),
                format,
                item.size(),
                item.timestamp(),
                item.expiresAt(),
                item.revision());
    }
}
