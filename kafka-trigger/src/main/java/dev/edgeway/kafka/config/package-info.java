/** The Kafka trigger's auto-configuration, its edgeway.kafka properties and their OpenFaaS aliases. */
@NullMarked
package dev.edgeway.kafka.config;

import org.jspecify.annotations.NullMarked;
