/**
 * HTTP and JSON plumbing of the SDK; nothing here is API and it may change in any release.
 */
@NullMarked
package dev.edgeway.sdk.internal;

import org.jspecify.annotations.NullMarked;
