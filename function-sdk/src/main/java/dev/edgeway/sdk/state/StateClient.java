package dev.edgeway.sdk.state;

import dev.edgeway.sdk.Request;
import dev.edgeway.sdk.internal.HttpCall;
import dev.edgeway.sdk.internal.HttpResult;
import dev.edgeway.sdk.internal.JdkHttpTransport;
import dev.edgeway.sdk.internal.SecretFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The client of Edgeway's state API ({@code /system/storage} on the gateway). Thread-safe; make
 * one per process and share it. Configured like the Python client, from the environment
 * ({@value #GATEWAY_URL_ENV}, {@value #AUTH_USER_ENV} and {@value #AUTH_PASS_ENV}), or through
 * the {@link #builder()}.
 *
 * <pre>{@code
 * StateClient state = StateClient.builder().build();
 * TaskState task = state.task(request);             // the task in the request's X-Task-ID
 * task.put("points", List.of(1.0, 2.5));
 * List<Double> points = task.get("points", new TypeRef<List<Double>>() {}).orElseThrow();
 * }</pre>
 *
 * <p>Every call blocks until the gateway answers or the timeout passes. Failures are
 * {@link StateException}s; lookups of something that does not exist return an empty
 * {@link Optional} instead.
 */
public final class StateClient implements AutoCloseable {

    /** The gateway's URL when neither the builder nor the environment names one. */
    public static final String DEFAULT_GATEWAY_URL = "http://gateway:8080";

    /** The longest a call may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The environment variable with the gateway's URL. */
    public static final String GATEWAY_URL_ENV = "OPENFAAS_GATEWAY_URL";

    /** The environment variable with the basic-auth user. */
    public static final String AUTH_USER_ENV = "OPENFAAS_AUTH_USER";

    /** The environment variable with the basic-auth password. */
    public static final String AUTH_PASS_ENV = "OPENFAAS_AUTH_PASS";

    /** The environment variable with the directory of the OpenFaaS secret files. */
    public static final String SECRETS_DIR_ENV = "OPENFAAS_SECRETS_DIR";

    /**
     * The environment variable in which Edgeway's local provider tells a function where its
     * secrets are; read after {@value #SECRETS_DIR_ENV}.
     */
    public static final String SECRET_MOUNT_PATH_ENV = "secret_mount_path";

    /** Where OpenFaaS mounts a function's secrets when neither the builder nor the environment says. */
    public static final String DEFAULT_SECRETS_DIRECTORY = "/var/openfaas/secrets";

    /** The secret with the basic-auth user, as OpenFaaS names it. */
    public static final String DEFAULT_USER_SECRET = "basic-auth-user";

    /** The secret with the basic-auth password, as OpenFaaS names it. */
    public static final String DEFAULT_PASSWORD_SECRET = "basic-auth-password";

    /** How many times a call answered 503 is sent in all. */
    static final int ATTEMPTS_ON_UNAVAILABLE = 3;

    /** The longest pause before resending a 503, whatever its {@code Retry-After} says. */
    static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(5);

    private static final Duration DEFAULT_RETRY_WAIT = Duration.ofSeconds(1);

    /** The environment variable with the task id used when a request carries no {@code X-Task-ID}. */
    public static final String TASK_ID_ENV = "TASK_ID";

    private final JdkHttpTransport transport;
    private final URI gatewayUrl;
    private final @Nullable String defaultTaskId;
    private final Pause pause;

    private StateClient(JdkHttpTransport transport, URI gatewayUrl, @Nullable String defaultTaskId, Pause pause) {
        this.transport = transport;
        this.gatewayUrl = gatewayUrl;
        this.defaultTaskId = defaultTaskId;
        this.pause = pause;
    }

    /** Waits between two attempts of a call; tests record the waits instead of sleeping. */
    @FunctionalInterface
    interface Pause {
        void waitFor(Duration duration) throws InterruptedException;
    }

    /**
     * A builder whose defaults come from the environment.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The gateway this client calls.
     *
     * @return the gateway's base URL
     */
    public URI gatewayUrl() {
        return gatewayUrl;
    }

    /**
     * The state of one task, by id. Nothing is called yet: the task need not exist.
     *
     * @param taskId the task's id (the gateway accepts 1 to 128 characters from
     *     {@code A-Z a-z 0-9 _ -})
     * @return the task's state
     * @throws IllegalArgumentException when the id is empty
     */
    public TaskState task(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        if (taskId.isBlank()) {
            throw new IllegalArgumentException("taskId: \"" + taskId + "\" (expected: not empty)");
        }
        return new TaskState(this, taskId);
    }

    /**
     * The state of the task a call belongs to: its {@value Request#TASK_ID_HEADER} header, or
     * else the {@value #TASK_ID_ENV} of the builder or the environment.
     *
     * @param request the function's request
     * @return the task's state
     * @throws IllegalArgumentException when neither the request nor the configuration names a task
     */
    public TaskState task(Request request) {
        Optional<String> id = request.taskId();
        if (id.isPresent()) {
            return task(id.get());
        }
        if (defaultTaskId != null) {
            return task(defaultTaskId);
        }
        throw new IllegalArgumentException("X-Task-ID: absent (expected: the request's " + Request.TASK_ID_HEADER
                + " header, or a task id from " + TASK_ID_ENV + " or the builder)");
    }

    /**
     * Creates a task.
     *
     * @param taskId the new task's id
     * @param functionName the function it belongs to
     * @return the new task's state
     * @throws StateConflictException when a task with the id exists (409)
     * @throws StateException when the call fails otherwise, such as 400 for an id outside the
     *     alphabet
     */
    public TaskState createTask(String taskId, String functionName) {
        TaskState task = task(taskId);
        task.create(functionName);
        return task;
    }

    /** Closes the HTTP client when this client created it. */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "StateClient[" + gatewayUrl + "]";
    }

    /** Sends a call; any non-2xx status is thrown as the {@link StateException} of its kind. */
    HttpResult call(HttpCall call) {
        HttpResult result = send(call);
        if (!result.isSuccess()) {
            throw StateErrors.from(call, result);
        }
        return result;
    }

    /** Sends a call; a 404 of one of the given problem types is empty, other failures throw. */
    Optional<HttpResult> callOrAbsent(HttpCall call, Set<String> absentTypes) {
        HttpResult result = send(call);
        if (result.isSuccess()) {
            return Optional.of(result);
        }
        StateException error = StateErrors.from(call, result);
        if (error instanceof StateNotFoundException && absentTypes.contains(error.type())) {
            return Optional.empty();
        }
        throw error;
    }

    /**
     * Sends a call; a 503 (the state store is unavailable for a moment) is sent again after its
     * {@code Retry-After}, at most {@value #ATTEMPTS_ON_UNAVAILABLE} times in all.
     */
    private HttpResult send(HttpCall call) {
        try {
            for (int attempt = 1; ; attempt++) {
                HttpResult result = transport.send(call);
                if (result.status() != 503 || attempt == ATTEMPTS_ON_UNAVAILABLE) {
                    return result;
                }
                pause.waitFor(retryWait(result));
            }
        } catch (IOException e) {
            throw StateErrors.noResponse(call, gatewayUrl.toString(), e);
        } catch (InterruptedException e) {
            throw StateErrors.interrupted(call, e);
        }
    }

    /** Parks the calling thread (virtual threads included) for the duration, or until interrupted. */
    private static void park(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting to resend a 503");
            }
        }
    }

    private static Duration retryWait(HttpResult result) {
        Duration wait = StateErrors.retryAfter(result);
        if (wait == null) {
            return DEFAULT_RETRY_WAIT;
        }
        return wait.compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : wait;
    }

    /**
     * Options of a {@link StateClient}. What is not set comes from the environment, and then from
     * the defaults.
     */
    public static final class Builder {

        private Map<String, String> environment = System.getenv();
        private @Nullable URI gatewayUrl;
        private @Nullable String user;
        private @Nullable String password;
        private boolean noAuth;
        private @Nullable String taskId;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private @Nullable HttpClient httpClient;
        private @Nullable Path secretsDirectory;
        private String userSecret = DEFAULT_USER_SECRET;
        private String passwordSecret = DEFAULT_PASSWORD_SECRET;
        private Pause pause = StateClient::park;

        private Builder() {}

        /**
         * The environment to read defaults from, instead of the process's.
         *
         * @param variables the environment variables
         * @return this builder
         */
        public Builder environment(Map<String, String> variables) {
            this.environment = Map.copyOf(variables);
            return this;
        }

        /**
         * The gateway's base URL, instead of {@value #GATEWAY_URL_ENV} or
         * {@value #DEFAULT_GATEWAY_URL}.
         *
         * @param url an {@code http} or {@code https} URL, such as {@code http://127.0.0.1:8080}
         * @return this builder
         * @throws IllegalArgumentException when not an absolute http(s) URL
         */
        public Builder gatewayUrl(String url) {
            this.gatewayUrl = parseUrl("gatewayUrl", url);
            return this;
        }

        /**
         * The gateway's basic-auth credentials, instead of {@value #AUTH_USER_ENV} and
         * {@value #AUTH_PASS_ENV}.
         *
         * @param newUser the user
         * @param newPassword the password
         * @return this builder
         */
        public Builder basicAuth(String newUser, String newPassword) {
            this.user = Objects.requireNonNull(newUser, "user");
            this.password = Objects.requireNonNull(newPassword, "password");
            this.noAuth = false;
            return this;
        }

        /**
         * The directory of the OpenFaaS secret files, instead of {@value #SECRETS_DIR_ENV},
         * {@value #SECRET_MOUNT_PATH_ENV} or {@value #DEFAULT_SECRETS_DIRECTORY}. The credentials are read from there when neither
         * {@link #basicAuth} nor {@value #AUTH_USER_ENV}/{@value #AUTH_PASS_ENV} give them.
         *
         * @param directory the directory holding one file per secret
         * @return this builder
         */
        public Builder secretsDirectory(Path directory) {
            this.secretsDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * The names of the secrets with the credentials, instead of
         * {@value #DEFAULT_USER_SECRET} and {@value #DEFAULT_PASSWORD_SECRET}.
         *
         * @param user the secret (file name) holding the user
         * @param password the secret (file name) holding the password
         * @return this builder
         */
        public Builder secretNames(String user, String password) {
            this.userSecret = Objects.requireNonNull(user, "user");
            this.passwordSecret = Objects.requireNonNull(password, "password");
            return this;
        }

        /** The wait between attempts of a call answered 503; for tests. */
        Builder pause(Pause newPause) {
            this.pause = Objects.requireNonNull(newPause, "pause");
            return this;
        }

        /**
         * Send no credentials, whatever the environment says; for gateways with basic auth off.
         *
         * @return this builder
         */
        public Builder noAuth() {
            this.noAuth = true;
            this.user = null;
            this.password = null;
            return this;
        }

        /**
         * The task used when a request has no {@code X-Task-ID}, instead of {@value #TASK_ID_ENV}.
         *
         * @param newTaskId the task id
         * @return this builder
         */
        public Builder taskId(String newTaskId) {
            this.taskId = Objects.requireNonNull(newTaskId, "taskId");
            return this;
        }

        /**
         * The longest a call may take, response included; default 30 s.
         *
         * @param newTimeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder timeout(Duration newTimeout) {
            this.timeout = positive("timeout", newTimeout);
            return this;
        }

        /**
         * The longest a connection may take to open when this builder creates the HTTP client;
         * default 10 s.
         *
         * @param newTimeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder connectTimeout(Duration newTimeout) {
            this.connectTimeout = positive("connectTimeout", newTimeout);
            return this;
        }

        /**
         * The JDK HTTP client to use, instead of one the client creates (and closes). The caller
         * keeps ownership: {@link StateClient#close()} leaves it open.
         *
         * @param client the HTTP client
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws IllegalArgumentException when {@value #GATEWAY_URL_ENV} is not an http(s) URL,
         *     only one of {@value #AUTH_USER_ENV} and {@value #AUTH_PASS_ENV} is set, or only one
         *     of the two secret files exists or one cannot be read
         */
        public StateClient build() {
            URI url = gatewayUrl != null
                    ? gatewayUrl
                    : parseUrl(GATEWAY_URL_ENV, env(GATEWAY_URL_ENV).orElse(DEFAULT_GATEWAY_URL));
            HttpClient client = httpClient != null
                    ? httpClient
                    : HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(connectTimeout)
                            .build();
            String defaultTask = taskId != null ? taskId : env(TASK_ID_ENV).orElse(null);
            JdkHttpTransport transport =
                    new JdkHttpTransport(client, httpClient == null, url, authorization(), timeout);
            return new StateClient(transport, url, defaultTask, pause);
        }

        private @Nullable String authorization() {
            if (noAuth) {
                return null;
            }
            String u = user != null ? user : env(AUTH_USER_ENV).orElse(null);
            String p = password != null ? password : env(AUTH_PASS_ENV).orElse(null);
            if (u == null && p == null) {
                Path directory = secretsDirectory != null
                        ? secretsDirectory
                        : Path.of(env(SECRETS_DIR_ENV)
                                .or(() -> env(SECRET_MOUNT_PATH_ENV))
                                .orElse(DEFAULT_SECRETS_DIRECTORY));
                Path userFile = directory.resolve(userSecret);
                Path passwordFile = directory.resolve(passwordSecret);
                u = SecretFiles.read(userFile).orElse(null);
                p = SecretFiles.read(passwordFile).orElse(null);
                if (u == null && p == null) {
                    return null;
                }
                if (u == null || p == null) {
                    throw new IllegalArgumentException((u == null ? userFile : passwordFile)
                            + ": absent (expected: both secrets " + userSecret + " and " + passwordSecret
                            + " or neither)");
                }
            } else if (u == null || p == null) {
                throw new IllegalArgumentException(AUTH_USER_ENV + " and " + AUTH_PASS_ENV
                        + ": only " + (u == null ? AUTH_PASS_ENV : AUTH_USER_ENV)
                        + " is set (expected: both or neither)");
            }
            return "Basic " + Base64.getEncoder().encodeToString((u + ":" + p).getBytes(StandardCharsets.UTF_8));
        }

        private Optional<String> env(String name) {
            return Optional.ofNullable(environment.get(name)).map(String::strip).filter(value -> !value.isEmpty());
        }

        private static URI parseUrl(String field, String text) {
            Objects.requireNonNull(text, field);
            URI uri;
            try {
                uri = URI.create(text.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": " + text + " (expected: an http or https URL)", e);
            }
            String scheme = uri.getScheme();
            if (scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(field + ": " + text + " (expected: an http or https URL)");
            }
            return uri;
        }

        private static Duration positive(String field, Duration value) {
            Objects.requireNonNull(value, field);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(field + ": " + value + " (expected: > 0)");
            }
            return value;
        }
    }
}
