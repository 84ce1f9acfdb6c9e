package dev.edgeway.gateway.schedule;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The cron trigger's configuration ({@code edgeway.schedules.*}); {@code docs/schedules.md} explains each.
 *
 * @param enabled whether functions annotated {@code topic: cron-function} are invoked on schedule
 * @param refreshInterval how often the provider's function list is read for schedules (cron-connector: 10 s);
 *     changes through {@code /system/functions} apply at once besides
 * @param zone the time zone of schedules without the {@code dev.edgeway.schedule.timezone} annotation; UTC by
 *     default, so that gateways on machines set to different zones still agree on every tick
 * @param missedTicks what a gateway does on start with a tick missed while no gateway ran: {@code skip} it, or
 *     {@code fire-once} (the latest missed tick, once)
 * @param maxRun a scheduled call still running after this is cancelled; a running mark older than this (its
 *     gateway died) no longer makes the next tick skip
 * @param runningLease a gateway making a scheduled call renews its running mark three times per lease; a mark
 *     not renewed for a lease (its gateway died mid-call) no longer makes the next tick skip
 * @param bucket the state store's key-value bucket where gateways sharing NATS claim each tick
 */
@Validated
@ConfigurationProperties("edgeway.schedules")
public record ScheduleProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10s") Duration refreshInterval,
        @DefaultValue("UTC") @NotNull ZoneId zone,
        @DefaultValue("skip") MissedTicks missedTicks,
        @DefaultValue("1h") Duration maxRun,
        @DefaultValue("30s") Duration runningLease,

        @DefaultValue("edgeway-schedules") @Pattern(regexp = "[A-Za-z0-9_-]+")
        String bucket) {

    /** What to do with a tick missed while no gateway ran. */
    public enum MissedTicks {
        SKIP,
        FIRE_ONCE
    }
}
