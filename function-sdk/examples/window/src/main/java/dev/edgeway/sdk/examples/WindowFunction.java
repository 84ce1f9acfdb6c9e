package dev.edgeway.sdk.examples;

import dev.edgeway.sdk.Function;
import dev.edgeway.sdk.FunctionServer;
import dev.edgeway.sdk.Request;
import dev.edgeway.sdk.Response;
import dev.edgeway.sdk.state.PutOptions;
import dev.edgeway.sdk.state.StateClient;
import dev.edgeway.sdk.state.StateException;
import dev.edgeway.sdk.state.TaskState;
import dev.edgeway.sdk.state.TypeRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The window-algorithm function, called several times with one {@code X-Task-ID}; every step
 * keeps its output in the task's state, so the next call (or any other function) can read it:
 *
 * <ol>
 *   <li>{@code {"step": "ingest", "points": [{"t": 0, "value": 1.5}, ...]}} (or
 *       {@code "values": [1.5, ...]}, timed by position) appends the points to the variable
 *       {@code points}, by read-modify-write on its revision, so concurrent ingests lose nothing;
 *   <li>{@code {"step": "window", "window": {"type": "hopping", "size": 4, "hop": 2},
 *       "aggregations": ["mean", "max"]}} cuts the points into windows and stores them as
 *       {@code windows} and the spec as {@code window_spec};
 *   <li>{@code {"step": "summary"}} reads them back and answers the summary; the task's status
 *       becomes {@code done}.
 * </ol>
 *
 * Run it as an HTTP-mode function ({@code envVars.mode=http}):
 * {@code java -cp <sdk classes, example classes, jackson> dev.edgeway.sdk.examples.WindowFunction}.
 */
public final class WindowFunction implements Function {

    static final String FUNCTION_NAME = "window-algorithm";
    private static final int MAX_POINTS = 100_000;
    private static final Duration KEEP = Duration.ofHours(24);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeRef<List<Point>> POINTS = new TypeRef<>() {};
    private static final TypeRef<List<Window>> WINDOWS = new TypeRef<>() {};

    private final StateClient state;

    WindowFunction(StateClient state) {
        this.state = state;
    }

    /** Serves the function on {@code PORT}, with the state client configured from the environment. */
    public static void main(String[] args) {
        FunctionServer.serve(new WindowFunction(StateClient.builder().build()));
    }

    @Override
    public Response handle(Request request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (JacksonException e) {
            return error(400, "request body: not JSON (" + e.getOriginalMessage() + ")");
        }
        try {
            TaskState task = state.task(request);
            String step = body.path("step").asString("");
            Object result =
                    switch (step) {
                        case "ingest" -> ingest(task, body);
                        case "window" -> window(task, body);
                        case "summary" -> summary(task);
                        default ->
                            throw new IllegalArgumentException(
                                    "step: " + step + " (expected: ingest, window or summary)");
                    };
            return Response.json(JSON.writeValueAsString(result));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (StateException e) {
            return error(e.status() == 404 ? 404 : 502, e.getMessage());
        }
    }

    private Map<String, Object> ingest(TaskState task, JsonNode body) {
        List<Point> incoming = points(body);
        task.createIfAbsent(FUNCTION_NAME);
        List<Point> all = task.update("points", POINTS, List.of(), current -> {
            List<Point> merged = new ArrayList<>(current);
            merged.addAll(incoming);
            if (merged.size() > MAX_POINTS) {
                throw new IllegalArgumentException(
                        "points: " + merged.size() + " (expected: at most " + MAX_POINTS + ")");
            }
            return merged;
        });
        task.setStatus("ingested");
        return ordered("step", "ingest", "task_id", task.taskId(), "added", incoming.size(), "points", all.size());
    }

    private Map<String, Object> window(TaskState task, JsonNode body) {
        WindowSpec spec = spec(body.path("window"));
        List<Aggregation> aggregations = new ArrayList<>();
        for (JsonNode name : body.path("aggregations")) {
            aggregations.add(Aggregation.parse(name.asString()));
        }
        if (aggregations.isEmpty()) {
            aggregations.addAll(List.of(Aggregation.values()));
        }
        List<Point> points = task.get("points", POINTS)
                .orElseThrow(() -> new IllegalArgumentException(
                        "points: none stored for task " + task.taskId() + " (expected: an ingest step first)"));
        List<Window> windows = Windows.compute(points, spec, aggregations);
        PutOptions keep = PutOptions.defaults().withTtl(KEEP);
        task.put("window_spec", spec, keep.withVarType("window-spec"));
        task.put("windows", windows, keep.withVarType("windows"));
        task.setStatus("windowed");
        return ordered("step", "window", "task_id", task.taskId(), "windows", windows.size());
    }

    private Map<String, Object> summary(TaskState task) {
        WindowSpec spec = task.get("window_spec", WindowSpec.class)
                .orElseThrow(() -> new IllegalArgumentException(
                        "window_spec: none stored for task " + task.taskId() + " (expected: a window step first)"));
        List<Window> windows = task.get("windows", WINDOWS).orElseThrow();
        int points = task.get("points", POINTS).map(List::size).orElse(0);
        task.setStatus("done");
        List<Map<String, Object>> rows = windows.stream()
                .map(w -> ordered(
                        "start", w.start(), "end", w.end(), "count", w.values().size(), "aggregates", w.aggregates()))
                .toList();
        return ordered("step", "summary", "task_id", task.taskId(), "window", spec, "points", points, "windows", rows);
    }

    private static List<Point> points(JsonNode body) {
        List<Point> points = new ArrayList<>();
        if (body.has("points")) {
            for (JsonNode point : body.path("points")) {
                if (!point.path("t").isNumber() || !point.path("value").isNumber()) {
                    throw new IllegalArgumentException(
                            "points: " + point + " (expected: {\"t\": number, \"value\": number})");
                }
                points.add(new Point(
                        point.path("t").asDouble(), point.path("value").asDouble()));
            }
        } else {
            int t = 0;
            for (JsonNode value : body.path("values")) {
                if (!value.isNumber()) {
                    throw new IllegalArgumentException("values: " + value + " (expected: numbers)");
                }
                points.add(new Point(t++, value.asDouble()));
            }
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException("points: none (expected: \"points\" or \"values\" with at least one)");
        }
        return points;
    }

    private static WindowSpec spec(JsonNode window) {
        if (!window.isObject()) {
            throw new IllegalArgumentException("window: " + window + " (expected: {\"type\": ..., \"size\": ...})");
        }
        return new WindowSpec(
                window.path("type").asString(""),
                window.path("size").asDouble(0),
                window.path("hop").asDouble(0),
                window.path("gap").asDouble(0));
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Response error(int status, String message) {
        return Response.json(status, JSON.writeValueAsString(Map.of("error", message)));
    }
}
