package dev.arena.diag.cli.support;

import dev.arena.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a {@code DURATION} option the way operators write durations everywhere in Arena
 * ({@link Durations#parse}: {@code 500ms}, {@code 2s}, {@code 30m}, ISO-8601), so no command parses
 * one by hand. Range checks (positive, a floor) stay with the command that knows them.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
