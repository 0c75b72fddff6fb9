/**
 * The operator runbooks bundled in the jar ({@link dev.arena.tui.runbook.RunbookLibrary}) and their
 * Markdown rendered as terminal lines for a width ({@link dev.arena.tui.runbook.MarkdownText}):
 * commonmark-java parses, this package lays out headings, wrapped paragraphs, verbatim code and
 * tables that fit.
 */
package dev.arena.tui.runbook;
