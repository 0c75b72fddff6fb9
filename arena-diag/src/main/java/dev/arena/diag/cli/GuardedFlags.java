package dev.arena.diag.cli;

import picocli.CommandLine.Option;

/**
 * The flags every guarded action takes (a picocli mixin), so {@code reap} and
 * {@code rotate-password} offer the same {@code --yes}, {@code --dry-run} and {@code --readonly}
 * (docs/design.md, "Guarded actions").
 */
final class GuardedFlags {

    @Option(
            names = {"-y", "--yes"},
            description = "Confirm without asking (scripts).")
    boolean yes;

    @Option(names = "--dry-run", description = "Show the preview only; change nothing.")
    boolean dryRun;

    @Option(names = "--readonly", description = "Refuse to act (same as ARENA_READONLY=1).")
    boolean readonly;
}
