package dev.arena.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.BrokerException;
import dev.arena.broker.BrokerOverflowException;
import dev.arena.broker.EventTooLargeException;
import dev.arena.broker.RunClosedException;
import dev.arena.broker.RunId;
import dev.arena.broker.UnknownRunException;
import dev.arena.config.ConfigException;
import dev.arena.store.StoreException;
import java.io.IOException;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Every family sits under the one root and says whose fault it is. */
class ArenaExceptionFamiliesTest {

    private static final RunId RUN = RunId.parse("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d");

    @Test
    void onlyInputAndNotFound_areTheCallersFault() {
        assertThat(EnumSet.allOf(Fault.class).stream().filter(Fault::callersFault))
                .containsExactlyInAnyOrder(Fault.INPUT, Fault.NOT_FOUND);
    }

    @Test
    void eachFamilyDeclaresItsFault() {
        assertThat(new InputException("bad").fault()).isEqualTo(Fault.INPUT);
        assertThat(new ConfigException("ARENA_RUN_TTL", "bad").fault()).isEqualTo(Fault.CONFIGURATION);
        assertThat(new StoreException("cannot write", new IOException("disk full")).fault())
                .isEqualTo(Fault.INTERNAL);
        assertThat(new BrokerException("Redis down").fault()).isEqualTo(Fault.UNAVAILABLE);
        assertThat(new BackendUnavailableException("Redis", "cannot reach Redis", null).fault())
                .isEqualTo(Fault.UNAVAILABLE);
        assertThat(new BrokerOverflowException(RUN, 1, 5).fault()).isEqualTo(Fault.UNAVAILABLE);
        assertThat(new UnknownRunException(RUN).fault()).isEqualTo(Fault.NOT_FOUND);
        assertThat(new RunClosedException(RUN).fault()).isEqualTo(Fault.INPUT);
        assertThat(new EventTooLargeException(RUN, "agent.signal", 2000, 1024).fault())
                .isEqualTo(Fault.INPUT);
    }

    @Test
    void everyFamily_isAnArenaException_andUnchecked() {
        assertThat(new ConfigException("X", "bad"))
                .isInstanceOf(ArenaException.class)
                .isInstanceOf(RuntimeException.class);
        assertThat(new StoreException("x", null)).isInstanceOf(ArenaException.class);
        assertThat(new UnknownRunException(RUN))
                .isInstanceOf(BrokerException.class)
                .isInstanceOf(ArenaException.class);
    }
}
