/**
 * The {@code arena} main command and the subcommands that are not diagnostics: {@code server},
 * {@code smoke}, {@code race}, {@code console}, {@code demo} and {@code completion}
 * ({@code arena diag} comes from arena-diag). {@link dev.arena.app.ArenaMain} builds the tree and
 * installs the shared conventions of {@link dev.arena.diag.cli.support}; this module builds the
 * runnable jar {@code arena.jar}.
 */
package dev.arena.app;
