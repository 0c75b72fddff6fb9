package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which commands' logs show stack traces: {@code arena server} (a bug inside it is logged once with its stack trace),
 * any command under {@code --debug} or with {@code ARENA_LOG_LEVEL} at DEBUG or TRACE; no other.
 */
class StackTracesOnlyOnRequestTest {

    private static boolean shown(Map<String, String> env, String... args) {
        return ArenaMain.stackTraces(ArenaMain.commandLine().parseArgs(args), env);
    }

    @Test
    void diagAndProducers_printNoStackTrace_byDefault() {
        assertThat(shown(Map.of(), "diag", "servers")).isFalse();
        assertThat(shown(Map.of(), "smoke")).isFalse();
        assertThat(shown(Map.of("ARENA_LOG_LEVEL", "warn"), "race")).isFalse();
    }

    @Test
    void debug_beforeOrAfterTheSubcommand_orADebugLogLevel_showsThem() {
        assertThat(shown(Map.of(), "diag", "--debug", "servers")).isTrue();
        assertThat(shown(Map.of(), "diag", "servers", "--debug")).isTrue();
        assertThat(shown(Map.of("ARENA_LOG_LEVEL", "debug"), "diag", "servers")).isTrue();
    }

    @Test
    void theServerLog_keepsThem() {
        assertThat(shown(Map.of(), "server")).isTrue();
    }
}
