/**
 * The {@code arena} command line: {@link dev.arena.app.ArenaMain} is the root every subcommand
 * hangs off ({@code server}, {@code smoke}, {@code race}, {@code console}, {@code demo},
 * {@code completion}, and {@code diag} from arena-diag), and it installs the shared conventions of
 * {@link dev.arena.diag.cli.support} (the error handler, the exit codes, the duration converter).
 * The commands only parse options and wire the server, the producers and the console together, so
 * those stay libraries that tests and the demo can start without a command line (docs/design.md,
 * "Modules" and "Command line"). This module also builds the runnable jar {@code arena.jar}.
 */
package dev.arena.app;
