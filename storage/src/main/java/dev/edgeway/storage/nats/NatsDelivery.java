package dev.edgeway.storage.nats;

import dev.edgeway.storage.stream.Delivery;
import io.nats.client.Message;
import java.time.Duration;
import java.time.Instant;

/** A {@link Delivery} over a jnats message. */
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
        message.ack();
    }

    @Override
    public void retryAfter(Duration delay) {
        message.nakWithDelay(delay);
    }

    @Override
    public void inProgress() {
        message.inProgress();
    }
}
