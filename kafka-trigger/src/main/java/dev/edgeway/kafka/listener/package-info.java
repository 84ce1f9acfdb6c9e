/** The record listener: decode, route, invoke, reply; one record at a time per partition, or per key ({@code KeyOrderedListener}). */
@NullMarked
package dev.edgeway.kafka.listener;

import org.jspecify.annotations.NullMarked;
