package dev.arena.tui.guarded;

import java.util.List;

/**
 * What a guarded action will do, shown in its confirm dialog before anything happens.
 *
 * @param title    e.g. {@code Reap run 3f2b8c1e-…}
 * @param details  facts about the target (keys, lengths, TTL, subscribers, persisted)
 * @param commands the exact commands or requests that will be executed
 * @param refusal  why the action would be refused as things stand (e.g. recent progress), or null
 * @param forceHelps whether acting with force would get past {@code refusal} (recent progress: yes;
 *     no admin token, a task that already ended, an action without a forced form: no)
 */
public record ConfirmPreview(
        String title, List<String> details, List<String> commands, String refusal, boolean forceHelps) {

    public ConfirmPreview {
        details = List.copyOf(details);
        commands = List.copyOf(commands);
        forceHelps = refusal != null && forceHelps;
    }
}
