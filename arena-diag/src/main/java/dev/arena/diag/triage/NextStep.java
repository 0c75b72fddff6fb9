package dev.arena.diag.triage;

/**
 * One recommended step, as the runbook orders them.
 *
 * @param action  what to do and why, in a sentence
 * @param command the {@code arena …} command, or null when there is none
 * @param raw     the raw equivalent (curl / redis-cli), secrets as shell variables
 */
public record NextStep(String action, String command, String raw) {}
