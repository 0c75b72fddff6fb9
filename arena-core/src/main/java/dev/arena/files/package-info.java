/**
 * Files Arena writes that hold private data (the audit log, the DuckDB file, the access log):
 * created owner-only, 0600 files in 0700 directories (docs/design.md, "Configuration"), with the
 * mode given at creation so there is no moment when another user can read them.
 */
package dev.arena.files;
