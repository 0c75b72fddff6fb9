/**
 * Environment checks: which backend this shell would pick versus what the server runs
 * ({@link dev.arena.diag.doctor.BackendCheck}), and every doctor check listed in docs/diag.md
 * ({@link dev.arena.diag.doctor.Doctor}), each with a status, a message and a hint.
 */
package dev.arena.diag.doctor;
