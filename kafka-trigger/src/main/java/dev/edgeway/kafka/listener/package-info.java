/** The record listener: decode, route, invoke, reply; called off the consumer thread in lanes, one record at a time per partition or per key ({@code OrderedListener}). */
@NullMarked
package dev.edgeway.kafka.listener;

import org.jspecify.annotations.NullMarked;
