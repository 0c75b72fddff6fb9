package dev.arena.fork;

import dev.arena.error.InputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fault injection for a fork, accepted only when the server runs with
 * {@code --allow-fault-injection}. Exactly one of the two seqs is set; both are child-run seqs.
 *
 * @param stallAtSeq once the child has reached this seq, its next simulated LLM call parks until
 *                   the task is cancelled (null when not stalling)
 * @param failAtSeq  once the child has published this seq, the task throws and fails (null when not failing)
 */
public record FaultScenario(Long stallAtSeq, Long failAtSeq) {

    public FaultScenario {
        if ((stallAtSeq == null) == (failAtSeq == null)) {
            throw new InputException("scenario takes exactly one of stall_at_seq or fail_at_seq");
        }
        if ((stallAtSeq != null && stallAtSeq < 1) || (failAtSeq != null && failAtSeq < 1)) {
            throw new InputException("scenario seqs must be positive integers");
        }
    }

    public static FaultScenario stallAt(long seq) {
        return new FaultScenario(seq, null);
    }

    public static FaultScenario failAt(long seq) {
        return new FaultScenario(null, seq);
    }

    /** The JSON form of the request, e.g. {@code {"stall_at_seq": 30}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (stallAtSeq != null) {
            json.put("stall_at_seq", stallAtSeq);
        } else {
            json.put("fail_at_seq", failAtSeq);
        }
        return json;
    }
}
