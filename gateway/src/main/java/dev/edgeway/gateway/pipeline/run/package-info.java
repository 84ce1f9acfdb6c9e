/**
 * Pipeline runs: synchronous and background runs over the chain runner, their threads, the runner's adapters (steps
 * through the invocation path, run state in the state store), the stored run format and the API's view of a run.
 */
@NullMarked
package dev.edgeway.gateway.pipeline.run;

import org.jspecify.annotations.NullMarked;
