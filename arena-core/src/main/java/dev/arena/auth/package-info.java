/**
 * Reader authorization (docs/api.md, "Authorization"): {@link dev.arena.auth.ReaderTokens} turns a JWT into a
 * {@link dev.arena.auth.ReaderGrant} (who, which runs, which event kinds, admin, until when), the one answer every
 * transport (SSE, WebSocket, the JSON endpoints) asks; {@link dev.arena.auth.TokenMinter} signs HS256 tokens for
 * {@code arena diag token}. Signatures are checked by Nimbus JOSE+JWT, never by hand.
 */
package dev.arena.auth;
