/**
 * The bug bundle ({@code arena diag bundle}): everything a stuck-run bug report needs, collected in one go
 * from the server, Redis and the local audit log, each part either collected or recorded as missing with the
 * reason. {@link dev.arena.diag.bundle.BugBundle} collects; the command line writes the archive.
 */
package dev.arena.diag.bundle;
