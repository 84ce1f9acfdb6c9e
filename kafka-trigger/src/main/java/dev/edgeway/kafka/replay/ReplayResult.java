package dev.edgeway.kafka.replay;

import java.util.List;

/**
 * What one replay did.
 *
 * @param topic the topic the dead letters went back to
 * @param deadLetterTopic the topic they were read from
 * @param replayed how many went back
 * @param skipped how many the reason filter left out (passed over, as the replayed ones)
 * @param remaining dead letters written before the replay began that it did not reach (the limit, or its time ran out)
 * @param letters where each replayed letter was, {@code <dead-letter topic>-<partition>-<offset>}
 */
public record ReplayResult(
        String topic, String deadLetterTopic, int replayed, int skipped, long remaining, List<String> letters) {

    public ReplayResult {
        letters = List.copyOf(letters);
    }
}
