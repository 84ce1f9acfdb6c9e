package dev.edgeway.sdk.examples;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cuts a series of points into windows and aggregates each; plain computation, no I/O. */
public final class Windows {

    /** The most windows one call may produce. */
    public static final int MAX_WINDOWS = 100_000;

    private Windows() {}

    /** The non-empty windows of the points (in any order), each with the given aggregates, in time order. */
    public static List<Window> compute(List<Point> points, WindowSpec spec, List<Aggregation> aggregations) {
        List<Point> sorted =
                points.stream().sorted(Comparator.comparingDouble(Point::t)).toList();
        List<Window> windows = new ArrayList<>();
        if (sorted.isEmpty()) {
            return windows;
        }
        switch (spec.type()) {
            case "tumbling" -> grid(sorted, spec.size(), spec.size(), aggregations, windows);
            case "hopping" -> grid(sorted, spec.size(), spec.hop(), aggregations, windows);
            case "sliding" -> sliding(sorted, spec.size(), aggregations, windows);
            default -> sessions(sorted, spec.gap(), aggregations, windows);
        }
        return windows;
    }

    /** Windows {@code [k*hop, k*hop+size)} for every k whose window holds a point. */
    private static void grid(
            List<Point> sorted, double size, double hop, List<Aggregation> aggregations, List<Window> out) {
        double first = sorted.get(0).t();
        double last = sorted.get(sorted.size() - 1).t();
        if ((last - first + size) / hop > MAX_WINDOWS) {
            throw new IllegalArgumentException("window.hop: " + hop + " (expected: at most " + MAX_WINDOWS
                    + " windows over the series, which spans " + (last - first) + ")");
        }
        long k = (long) Math.floor((first - size) / hop);
        for (; k * hop <= last; k++) {
            double start = k * hop;
            double end = start + size;
            List<Point> inside =
                    sorted.stream().filter(p -> p.t() >= start && p.t() < end).toList();
            if (!inside.isEmpty()) {
                out.add(window(start, end, inside, aggregations));
            }
        }
    }

    /** One window {@code (t-size, t]} ending at each point. */
    private static void sliding(List<Point> sorted, double size, List<Aggregation> aggregations, List<Window> out) {
        for (Point end : sorted) {
            List<Point> inside = sorted.stream()
                    .filter(p -> p.t() > end.t() - size && p.t() <= end.t())
                    .toList();
            out.add(window(end.t() - size, end.t(), inside, aggregations));
        }
    }

    /** Runs of points at most {@code gap} apart. */
    private static void sessions(List<Point> sorted, double gap, List<Aggregation> aggregations, List<Window> out) {
        List<Point> session = new ArrayList<>();
        for (Point point : sorted) {
            if (!session.isEmpty()
                    && point.t() - session.get(session.size() - 1).t() > gap) {
                out.add(window(
                        session.get(0).t(), session.get(session.size() - 1).t(), session, aggregations));
                session = new ArrayList<>();
            }
            session.add(point);
        }
        out.add(window(session.get(0).t(), session.get(session.size() - 1).t(), session, aggregations));
    }

    private static Window window(double start, double end, List<Point> points, List<Aggregation> aggregations) {
        double[] values = points.stream().mapToDouble(Point::value).toArray();
        Map<String, Double> aggregates = new LinkedHashMap<>();
        for (Aggregation aggregation : aggregations) {
            aggregates.put(aggregation.key(), aggregation.apply(values));
        }
        return new Window(start, end, points.stream().map(Point::value).toList(), aggregates);
    }
}
