package dev.arena.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.config.StoreLocation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** ARENA_DB's two forms: a DuckDB file path, or a postgresql:// URL whose password never shows. */
class StoreLocationTest {

    @Test
    void aPath_isADuckDbFile_shownAsWritten() {
        StoreLocation l = StoreLocation.parse(" data/arena.duckdb ");

        assertThat(l.kind()).isEqualTo(StoreLocation.Kind.DUCKDB);
        assertThat(l.file()).isEqualTo(Path.of("data/arena.duckdb"));
        assertThat(l).hasToString("data/arena.duckdb");
        assertThat(l.password()).isEmpty();
        assertThatThrownBy(l::jdbcUrl).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPostgresUrl_givesAJdbcUrlWithoutCredentials_andAMaskedForm() {
        StoreLocation l = StoreLocation.parse("postgresql://arena:s3cret@db.internal:5433/arena_prod?sslmode=require");

        assertThat(l.kind()).isEqualTo(StoreLocation.Kind.POSTGRESQL);
        assertThat(l.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/arena_prod?sslmode=require");
        assertThat(l.user()).isEqualTo("arena");
        assertThat(l.password()).contains("s3cret");
        assertThat(l).hasToString("postgresql://arena:***@db.internal:5433/arena_prod?sslmode=require");
        assertThat(l.masked()).doesNotContain("s3cret");
        assertThatThrownBy(l::file).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void postgresScheme_defaultPort_andPercentEncodedCredentials() {
        StoreLocation l = StoreLocation.parse("postgres://ops%40team:p%40ss%2Fw+rd@10.0.0.5/arena");

        assertThat(l.jdbcUrl()).isEqualTo("jdbc:postgresql://10.0.0.5:5432/arena");
        assertThat(l.user()).isEqualTo("ops@team");
        assertThat(l.password()).contains("p@ss/w+rd");
        assertThat(l.masked()).isEqualTo("postgres://ops%40team:***@10.0.0.5/arena");
        assertThat(l.scrub("FATAL: p@ss/w+rd and p%40ss%2Fw%2Brd"))
                .doesNotContain("p@ss")
                .doesNotContain("p%40ss");
    }

    @Test
    void aPasswordInTheQuery_isUsed_masked_andKeptOutOfTheJdbcUrl() {
        StoreLocation l = StoreLocation.parse("postgresql://arena@[::1]:5432/arena?password=qu3ry-pw&sslmode=disable");

        assertThat(l.password()).contains("qu3ry-pw");
        assertThat(l.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/arena?sslmode=disable");
        assertThat(l.masked()).isEqualTo("postgresql://arena@[::1]:5432/arena?password=***&sslmode=disable");
    }

    @Test
    void badUrls_failSayingWhatIsExpected_neverShowingThePassword() {
        assertThatThrownBy(() -> StoreLocation.parse("postgresql://arena:pw-secret@db:5432/"))
                .hasMessageContaining("names no database")
                .hasMessageNotContaining("pw-secret");
        assertThatThrownBy(() -> StoreLocation.parse("postgresql://:pw-secret@db/arena"))
                .hasMessageContaining("names no user")
                .hasMessageNotContaining("pw-secret");
        assertThatThrownBy(() -> StoreLocation.parse("postgresql:///arena")).hasMessageContaining("names no host");
        assertThatThrownBy(() -> StoreLocation.parse("jdbc:postgresql://db/arena?password=pw-secret"))
                .hasMessageContaining("is a JDBC URL")
                .hasMessageContaining("postgresql://user:password@host:port/database");
        assertThatThrownBy(() -> StoreLocation.parse("mysql://root:pw-secret@db/arena"))
                .hasMessageContaining("neither a file path nor a postgresql:// URL")
                .hasMessageNotContaining("pw-secret");
        assertThatThrownBy(() -> StoreLocation.parse("postgresql://arena:pw secret@db/arena"))
                .hasMessageContaining("percent-encoded")
                .hasMessageNotContaining("pw secret");
        assertThatThrownBy(() -> StoreLocation.parse("postgresql://arena:pw@secret@db/arena"))
                .hasMessageNotContaining("pw@secret")
                .hasMessageNotContaining("secret@");
        assertThatThrownBy(() -> StoreLocation.parse(" ")).hasMessageContaining("empty");
    }
}
