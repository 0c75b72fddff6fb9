package dev.arena.diag.action;

import java.util.List;

/**
 * What {@link GuardedAction#execute} did and how it checked.
 *
 * @param verified     every verification step passed
 * @param rolledBack   verification failed and the change was undone
 * @param message      one line for the operator
 * @param verification each check made, in order, with its result
 */
public record ActionReport(boolean verified, boolean rolledBack, String message, List<String> verification) {

    public ActionReport {
        verification = List.copyOf(verification);
    }
}
