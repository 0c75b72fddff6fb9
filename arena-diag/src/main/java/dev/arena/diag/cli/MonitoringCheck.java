package dev.arena.diag.cli;

/**
 * A diag command that is also a monitoring check: it answers {@code --output nagios} with one
 * {@link dev.arena.diag.cli.support.PluginOutput} line and exits by its state (0–3), so Nagios-style
 * systems can run it directly. {@link DiagCommand} refuses {@code -o nagios} (exit 3) for every other
 * command, so a check never silently prints a table to a monitoring system.
 */
interface MonitoringCheck {}
