package dev.arena.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.RunId;
import dev.arena.config.StoreLocation;
import dev.arena.testkit.PostgresServer;
import dev.arena.testkit.PrivatePostgres;
import dev.arena.wire.RunStatus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on a private PostgreSQL (a database of its own per test), plus what only a shared
 * database has: versioned migrations, several stores over one database, a refused password that is
 * never printed.
 */
class PostgresRunStoreIT extends RunStoreContract {

    @RegisterExtension
    static final PrivatePostgres POSTGRES =
            new PrivatePostgres(PostgresServer.builder().password("s3cret-Pässword/+&x"));

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private String database;

    @Override
    protected RunStore openEmpty() {
        database = "contract_" + DATABASES.incrementAndGet();
        POSTGRES.server().createDatabase(database);
        return reopen();
    }

    @Override
    protected RunStore reopen() {
        return RunStore.open(StoreLocation.parse(POSTGRES.server().url(database)));
    }

    @Test
    void open_migratesTheSchemaOnce_toVersion1_andASecondStoreSharesTheRuns() throws Exception {
        try (RunStore first = openEmpty();
                RunStore second = reopen()) {
            RunId run = RunId.random();
            first.persist(row(run, RunStatus.COMPLETE, T0, 3, 3), events(run, 3, "run.complete"));
            second.persist(row(run, RunStatus.COMPLETE, T0, 3, 3), events(run, 3, "run.complete"));

            assertThat(second.run(run)).isPresent();
            try (Connection c = DriverManager.getConnection(
                            POSTGRES.server().jdbcUrl(database),
                            POSTGRES.server().user(),
                            POSTGRES.server().password());
                    Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT count(*) FROM flyway_schema_history WHERE success AND version = '1'"))
                        .isEqualTo(1);
                assertThat(count(s, "SELECT count(*) FROM runs")).isEqualTo(1);
                assertThat(count(s, "SELECT count(*) FROM events")).isEqualTo(3);
            }
        }
    }

    @Test
    void location_isMasked_everywhereItIsShown() {
        String password = POSTGRES.server().password();
        try (RunStore store = openEmpty()) {
            assertThat(store.location().kind()).isEqualTo(StoreLocation.Kind.POSTGRESQL);
            assertThat(store.location().toString()).doesNotContain(password).contains(":***@127.0.0.1:");
            assertThat(store.location().masked()).doesNotContain(password).doesNotContain("s3cret");
        }
    }

    @Test
    void aWrongPassword_failsNamingTheMaskedUrl_neverThePassword() {
        PostgresServer pg = POSTGRES.server();
        String url = "postgresql://" + pg.user() + ":not-the-password-42@" + pg.host() + ":" + pg.port() + "/"
                + pg.database();

        assertThatThrownBy(() -> RunStore.open(StoreLocation.parse(url)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open the PostgreSQL store postgresql://" + pg.user() + ":***@")
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("not-the-password-42")
                .satisfies(e -> assertThat(e.getCause()).isNull());
    }

    @Test
    void nothingListening_failsSayingWhatToCheck() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> RunStore.open(
                        StoreLocation.parse("postgresql://arena:pw-123456@127.0.0.1:" + closedPort + "/arena")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("postgresql://arena:***@127.0.0.1:" + closedPort + "/arena")
                .hasMessageContaining("is PostgreSQL running")
                .hasMessageNotContaining("pw-123456");
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
