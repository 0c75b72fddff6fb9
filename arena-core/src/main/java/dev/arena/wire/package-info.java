/**
 * The HTTP wire model of {@code arena server} (docs/api.md): one record per JSON body the server
 * answers, with enums for the closed vocabularies ({@link dev.arena.wire.ForkState},
 * {@link dev.arena.wire.HealthStatus}, {@link dev.arena.wire.RunSource}, {@link dev.arena.wire.RunStatus},
 * {@link dev.arena.wire.Backend}) spelt through {@link dev.arena.wire.WireEnum}, and
 * {@link dev.arena.wire.WireTime}, the one spelling of a timestamp. It depends on no other Arena
 * package (the architecture rules check it): the broker, the server, diag and the console all use it.
 *
 * <p>Why one package: the server writes these records and {@code arena diag} and the console read the
 * same records back, so a field exists in exactly one place and its wire name is declared once, by
 * {@code @JsonProperty} on the record component. {@link dev.arena.wire.WireJson} is the one binder for
 * both directions; it needs only jackson-core and jackson-annotations, so a cold CLI start does not pay
 * for Jackson databind. Absent values are JSON {@code null}; the few fields that are omitted when
 * absent carry {@code @JsonInclude(NON_NULL)}.
 */
package dev.arena.wire;
