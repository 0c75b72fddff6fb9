package dev.arena.diag.cli.support;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Range-checked {@code N} options, so a count out of range is a usage error at parse time (exit 3,
 * {@code --limit must be between 1 and 10000, got -5}) instead of a silently empty or endless
 * command. A command names a converter on its option ({@code converter = Counts.Positive.class});
 * a command-specific range is a one-line converter calling {@link #parse}.
 */
public final class Counts {

    private Counts() {}

    /** N ≥ 1. */
    public static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return parse(value, 1, Integer.MAX_VALUE);
        }
    }

    /** N ≥ 0. */
    public static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return parse(value, 0, Integer.MAX_VALUE);
        }
    }

    /**
     * {@code value} as an int in {@code [min, max]}.
     *
     * @throws TypeConversionException when it is not an integer or out of range; {@link ErrorHandler}
     *                                 puts the option's name in front
     */
    public static int parse(String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new OutOfRange("'" + value + "' is not a whole number; " + range(min, max));
        }
        if (n < min || n > max) {
            throw new OutOfRange(range(min, max) + ", got " + n);
        }
        return n;
    }

    private static String range(int min, int max) {
        return max == Integer.MAX_VALUE ? "must be at least " + min : "must be between " + min + " and " + max;
    }

    /** A count outside its range: worded for the option name to go in front. */
    static final class OutOfRange extends TypeConversionException {
        private static final long serialVersionUID = 1L;

        OutOfRange(String message) {
            super(message);
        }
    }
}
