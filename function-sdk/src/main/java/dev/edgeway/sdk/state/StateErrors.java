package dev.edgeway.sdk.state;

import dev.edgeway.sdk.internal.HttpCall;
import dev.edgeway.sdk.internal.HttpResult;
import dev.edgeway.sdk.internal.ProblemBody;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Turns failed calls into the {@link StateException} of their kind. */
final class StateErrors {

    private StateErrors() {}

    /** The exception for an error response. */
    static StateException from(HttpCall call, HttpResult result) {
        ProblemBody problem = ProblemBody.from(result);
        int status = result.status();
        String message = message(call, status, problem);
        return switch (status) {
            case 404 ->
                new StateNotFoundException(
                        message, status, problem.type(), problem.title(), problem.detail(), problem.extensions(), null);
            case 409, 412 ->
                new StateConflictException(
                        message, status, problem.type(), problem.title(), problem.detail(), problem.extensions(), null);
            case 502, 503, 504 ->
                new StateUnavailableException(
                        message,
                        status,
                        problem.type(),
                        problem.title(),
                        problem.detail(),
                        problem.extensions(),
                        retryAfter(result),
                        null);
            default ->
                new StateException(
                        message, status, problem.type(), problem.title(), problem.detail(), problem.extensions(), null);
        };
    }

    /** The exception for a call that got no response. */
    static StateUnavailableException noResponse(HttpCall call, String gateway, IOException cause) {
        String detail = "no response from " + gateway + ": " + cause;
        return new StateUnavailableException(
                call + ": " + detail, 0, StateException.ABOUT_BLANK, "", detail, Map.of(), null, cause);
    }

    /** The exception for a call abandoned because the thread was interrupted; the flag is set again. */
    static StateException interrupted(HttpCall call, InterruptedException cause) {
        Thread.currentThread().interrupt();
        return new StateException(
                call + ": interrupted", 0, StateException.ABOUT_BLANK, "", "interrupted", Map.of(), cause);
    }

    /** The exception for a stored value that does not read as the requested type. */
    static StateException unreadable(HttpCall call, String name, IllegalArgumentException cause) {
        String detail = "variable " + name + ": " + cause.getMessage();
        return new StateException(call + ": " + detail, 0, StateException.ABOUT_BLANK, "", detail, Map.of(), cause);
    }

    private static String message(HttpCall call, int status, ProblemBody problem) {
        StringBuilder message = new StringBuilder().append(call).append(": ").append(status);
        if (!problem.title().isEmpty()) {
            message.append(' ').append(problem.title());
        }
        if (!problem.detail().isEmpty()) {
            message.append(": ").append(problem.detail());
        }
        if (status == 401 || status == 403) {
            message.append(
                    " (check the credentials: OPENFAAS_AUTH_USER and OPENFAAS_AUTH_PASS, the secrets basic-auth-user and"
                            + " basic-auth-password, or the builder's basicAuth)");
        }
        return message.toString();
    }

    static @Nullable Duration retryAfter(HttpResult result) {
        return result.header("Retry-After")
                .map(String::strip)
                .filter(value -> value.matches("\\d{1,9}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value)))
                .orElse(null);
    }
}
