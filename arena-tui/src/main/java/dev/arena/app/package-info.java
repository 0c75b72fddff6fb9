/**
 * The {@code arena} command line: {@link dev.arena.app.ArenaMain} is the root every subcommand
 * hangs off ({@code server}, {@code smoke}, {@code race}, {@code console}, {@code demo},
 * {@code completion}, and {@code diag} from arena-diag), and it installs the handlers that turn
 * usage and configuration errors into exit codes. The commands only parse options and wire the
 * server, the producers and the console together, so those stay libraries that tests and the demo
 * can start without a command line (docs/design.md, "Modules" and "Command line").
 */
package dev.arena.app;
