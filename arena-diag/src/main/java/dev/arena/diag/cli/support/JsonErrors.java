package dev.arena.diag.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arena.error.ArenaException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ParameterException;

/**
 * The one JSON error object a command prints on stdout when it fails under {@code -o json}, so a
 * script always gets a parseable line as well as the exit code:
 * {@code {"error":"unavailable","detail":"…","exit":3}}. {@code error} is a stable code — the
 * failure's {@link dev.arena.error.Fault} in lower case, {@code usage} for a command-line error,
 * {@code internal} for a bug; {@code detail} is the same (masked) line as on stderr.
 */
public final class JsonErrors {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The error object's fields, in order. */
    record ErrorLine(String error, String detail, int exit) {}

    private JsonErrors() {}

    /** Prints the error object for {@code failure} with {@code detail} (already masked) on {@code out}, one line. */
    public static void print(PrintWriter out, Throwable failure, String detail) {
        out.println(line(failure, detail));
        out.flush();
    }

    static String line(Throwable failure, String detail) {
        try {
            return MAPPER.writeValueAsString(new ErrorLine(code(failure), detail, ExitCodes.forFailure(failure)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON error object", e);
        }
    }

    /** The stable {@code error} code of {@code failure}. */
    static String code(Throwable failure) {
        if (failure instanceof ArenaException arena) {
            return arena.fault().name().toLowerCase(Locale.ROOT);
        }
        if (failure instanceof ParameterException) {
            return "usage";
        }
        return failure instanceof IllegalArgumentException ? "input" : "internal";
    }

    /**
     * Whether {@code args} ask for JSON output ({@code -o json}, {@code --output json},
     * {@code --output=json}, {@code -ojson}); read from the raw arguments because a usage error can
     * stop parsing before the option is set.
     */
    static boolean requested(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-ojson") || a.equals("-o=json") || a.equals("--output=json")) {
                return true;
            }
            if ((a.equals("-o") || a.equals("--output"))
                    && i + 1 < args.size()
                    && args.get(i + 1).equals("json")) {
                return true;
            }
        }
        return false;
    }
}
