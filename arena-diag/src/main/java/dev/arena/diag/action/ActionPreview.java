package dev.arena.diag.action;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a guarded action will do, before it does it.
 *
 * @param action        action name
 * @param target        exact target
 * @param confirmPrefix what to type to confirm interactively
 * @param facts         the state read now (keys, lengths, TTLs, subscribers, persisted or not)
 * @param steps         what will happen, in order, in plain words
 * @param commands      the raw equivalent commands (curl / redis-cli), secrets as variables
 * @param blocker       why the action would be refused as things stand (e.g. "progressed 5s ago;
 *                      use --force"), or null when it may go ahead
 * @param data          the same facts as machine-readable values, for JSON output
 */
public record ActionPreview(
        String action,
        String target,
        String confirmPrefix,
        List<String> facts,
        List<String> steps,
        List<String> commands,
        String blocker,
        Map<String, Object> data) {

    public ActionPreview {
        facts = List.copyOf(facts);
        steps = List.copyOf(steps);
        commands = List.copyOf(commands);
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public boolean blocked() {
        return blocker != null;
    }
}
