/** Reads pipeline definitions from YAML or JSON into the model, turning every malformed part into a violation with its location. */
@NullMarked
package dev.edgeway.dag.parse;

import org.jspecify.annotations.NullMarked;
