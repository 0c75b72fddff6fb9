package dev.arena.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.config.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a DuckDB file, plus what only a file has: one owner at a time. */
class DuckDbRunStoreTest extends RunStoreContract {

    @TempDir
    Path dir;

    @Override
    protected RunStore openEmpty() {
        return RunStore.open(dir.resolve("store.duckdb"));
    }

    @Override
    protected RunStore reopen() {
        return RunStore.open(StoreLocation.parse(dir.resolve("store.duckdb").toString()));
    }

    @Test
    void location_isTheFile_asConfigured() {
        try (RunStore store = openEmpty()) {
            assertThat(store.location().kind()).isEqualTo(StoreLocation.Kind.DUCKDB);
            assertThat(store.location().file()).isEqualTo(dir.resolve("store.duckdb"));
            assertThat(store.location()).hasToString(dir.resolve("store.duckdb").toString());
        }
    }

    @Test
    void aFileThatCannotBeOpened_failsNamingTheFileAndWhatToDo() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path db = notADirectory.resolve("store.duckdb");

        assertThatThrownBy(() -> RunStore.open(db))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open DuckDB file " + db)
                .hasMessageContaining("set ARENA_DB to another file");
    }
}
