/**
 * The {@code arena diag} commands (picocli): a thin layer over the services of {@code dev.arena.diag}.
 * Every command takes {@code --output table|json}, {@code --server}, {@code --redis}; exits with the
 * codes of {@link dev.arena.diag.cli.support.ExitCodes} (docs/diag.md); prints expected failures as one line, never a
 * stack trace; writes only through picocli's out/err writers so tests capture everything.
 */
package dev.arena.diag.cli;
