package dev.edgeway.storage.variable;

/**
 * The outcome of a stored variable.
 *
 * @param revision the new revision
 * @param created whether there was no live value before (absent or expired)
 */
public record WriteResult(long revision, boolean created) {}
