/**
 * The command-line conventions every {@code arena} command shares, whether it runs under the
 * {@code arena} root or as {@code arena diag} on its own: the exit codes, the one place where a
 * usage error or an uncaught failure becomes one line on stderr and an exit code, and the one
 * converter for {@code DURATION} options. {@link dev.arena.diag.cli.support.CliConventions#apply}
 * installs all of it on a {@code CommandLine}. See {@code docs/decisions.md} for why it lives in
 * arena-diag.
 */
package dev.arena.diag.cli.support;
