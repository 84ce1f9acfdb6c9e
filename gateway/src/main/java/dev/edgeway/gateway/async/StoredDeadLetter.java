package dev.edgeway.gateway.async;

import java.util.Objects;

/** A dead letter with its place in the dead-letter stream, by which it is replayed. */
record StoredDeadLetter(long sequence, DeadLetter letter) {

    StoredDeadLetter {
        Objects.requireNonNull(letter, "letter");
    }
}
