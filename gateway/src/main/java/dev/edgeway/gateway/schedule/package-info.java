/** The cron trigger: functions annotated as for OpenFaaS's cron-connector are invoked on schedule, each tick once across gateways sharing NATS. */
@NullMarked
package dev.edgeway.gateway.schedule;

import org.jspecify.annotations.NullMarked;
