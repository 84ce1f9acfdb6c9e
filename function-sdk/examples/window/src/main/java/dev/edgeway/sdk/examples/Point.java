package dev.edgeway.sdk.examples;

/**
 * One observation.
 *
 * @param t its time (any unit; the position in the series when only values are sent)
 * @param value its value
 */
public record Point(double t, double value) {}
