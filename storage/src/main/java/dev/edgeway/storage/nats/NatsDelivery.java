package dev.edgeway.storage.nats;

import dev.edgeway.storage.stream.Delivery;
import io.nats.client.Message;
import java.time.Duration;
import java.time.Instant;

/**
 * A {@link Delivery} over a jnats message. Settling publishes to the server; while the connection
 * is down jnats refuses that with an {@code IllegalStateException} (no reconnect buffer), which
 * callers see as the store being unavailable, like every other port.
 */
final class NatsDelivery implements Delivery {

    private final Message message;

    NatsDelivery(Message message) {
        this.message = message;
    }

    @Override
    public byte[] data() {
        return message.getData();
    }

    @Override
    public long deliveries() {
        return message.metaData().deliveredCount();
    }

    @Override
    public Instant stored() {
        return message.metaData().timestamp().toInstant();
    }

    @Override
    public void ack() {
        NatsCalls.call(() -> {
            message.ack();
            return null;
        });
    }

    @Override
    public void retryAfter(Duration delay) {
        NatsCalls.call(() -> {
            message.nakWithDelay(delay);
            return null;
        });
    }

    @Override
    public void inProgress() {
        NatsCalls.call(() -> {
            message.inProgress();
            return null;
        });
    }
}
