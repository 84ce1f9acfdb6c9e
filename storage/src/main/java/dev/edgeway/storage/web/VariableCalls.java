package dev.edgeway.storage.web;

import dev.edgeway.storage.task.Precondition;
import dev.edgeway.storage.task.TaskId;
import dev.edgeway.storage.variable.VariableName;
import dev.edgeway.storage.variable.VariableService;
import dev.edgeway.storage.variable.WriteResult;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The two calls of the state API that multi-step functions make most, without a web framework:
 * {@code GET /system/storage/variables/{taskId}/{varName}} and its {@code PUT} (raw bytes or
 * JSON) without query parameters. A server with a path of its own for them (the gateway's Netty
 * handler) passes the request's parts in and writes the {@link Answer} out; the work is
 * {@link VariableHandler}'s, so the answers, errors included, are those of the WebFlux route.
 * Each call blocks on the state store: run it off the event loop.
 */
public final class VariableCalls {

    private static final byte[] STORED = StorageJson.write(StatusResponse.STORED);

    private final VariableService variables;
    private final VariableHandler handler;
    private final StorageProblems problems;

    public VariableCalls(VariableService variables, LargeBodyGate gate, Duration retryAfter) {
        this.variables = variables;
        this.handler = new VariableHandler(variables, gate);
        this.problems = new StorageProblems(retryAfter);
    }

    /**
     * An answer: status, headers and body; {@code written} runs once it has been written or its
     * write failed (it releases a large value's heap permit, see {@link WrittenThen}).
     */
    public record Answer(int status, HttpHeaders headers, Iterable<ByteBuffer> body, Runnable written) {}

    /**
     * Whether a {@code PUT} with this {@code Content-Type} (null when absent) and
     * {@code Content-Length} is taken here: raw bytes or JSON, small enough to be read whole
     * without waiting for the heap's admission. Any other goes to the WebFlux route.
     */
    public boolean takesPut(@Nullable String contentType, long length) {
        if (length < 0) {
            return false;
        }
        try {
            return handler.unmetered(RequestBodies.contentType(contentType), length);
        } catch (RuntimeException e) {
            return false; // not a media type: the route answers 400
        }
    }

    /** {@code PUT} of a value, raw bytes or JSON as {@code contentType} says: the stored revision, or the problem. */
    public Answer put(
            String taskId,
            String varName,
            @Nullable String contentType,
            @Nullable String ifMatch,
            @Nullable String ifNoneMatch,
            byte[] body,
            String path) {
        try {
            TaskId task = TaskId.parse(taskId);
            VariableName name = VariableHandler.writable(VariableName.parse("var_name", varName));
            Precondition precondition = Conditions.of(ifMatch, ifNoneMatch);
            MediaType type = RequestBodies.contentType(contentType);
            WriteResult result = variables.put(VariableHandler.putWrite(task, name, precondition, type, body));
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            headers.setETag(Conditions.etag(result.revision()));
            HttpStatus status = result.created() ? HttpStatus.CREATED : HttpStatus.OK;
            return answer(status.value(), headers, STORED, () -> {});
        } catch (RuntimeException e) {
            return problem(e, path);
        }
    }

    /** {@code GET}: the variable as JSON or raw bytes, as {@code Accept} (null when absent) prefers. */
    public Answer get(String taskId, String varName, @Nullable String accept, String path) {
        AtomicReference<LargeBodyGate.@Nullable Permit> held = new AtomicReference<>();
        try {
            TaskId task = TaskId.parse(taskId);
            VariableName name = VariableName.parse("var_name", varName);
            boolean binary = VariableRepresentation.wantsBinary(accept);
            VariableRepresentation representation = VariableRepresentation.of(handler.read(task, name, held), binary);
            return new Answer(
                    HttpStatus.OK.value(),
                    representation.headers(),
                    representation.body(),
                    () -> VariableHandler.release(held));
        } catch (RuntimeException e) {
            VariableHandler.release(held);
            return problem(e, path);
        }
    }

    /** A failure as the storage routes answer it; {@code path} is the request's, as the client spelled it. */
    public Answer problem(Throwable error, String path) {
        StorageProblems.Answer problem = problems.answer(error, URI.create(path));
        return problem(problem.body(), problem.headers());
    }

    /** A problem as problem JSON, with the headers it needs besides its content type. */
    public static Answer problem(ProblemDetail problem, Consumer<HttpHeaders> extraHeaders) {
        HttpHeaders headers = new HttpHeaders();
        extraHeaders.accept(headers);
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return answer(problem.getStatus(), headers, ProblemResponses.json(problem), () -> {});
    }

    private static Answer answer(int status, HttpHeaders headers, byte[] body, Runnable written) {
        headers.setContentLength(body.length);
        return new Answer(status, headers, List.of(ByteBuffer.wrap(body)), written);
    }
}
