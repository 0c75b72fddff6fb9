package dev.arena.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A private PostgreSQL starts on a free loopback port, takes SQL over JDBC with its password, and is gone after close. */
class PostgresServerIT {

    @RegisterExtension
    static final PrivatePostgres POSTGRES = new PrivatePostgres();

    @Test
    void jdbc_selectsAndCreatesTables_withTheUsersPassword() throws SQLException {
        PostgresServer pg = POSTGRES.server();
        assertThat(pg.port()).isNotEqualTo(5432);
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            s.execute("create table runs (id text primary key, status text not null)");
            s.execute("insert into runs values ('r-1', 'running')");
            try (ResultSet rs = s.executeQuery("select status from runs where id = 'r-1'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("running");
            }
            try (ResultSet rs =
                    s.executeQuery("select current_database(), inet_server_port(), inet_server_addr()::text")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("arena");
                assertThat(rs.getInt(2)).isEqualTo(pg.port());
                assertThat(rs.getString(3)).startsWith("127.0.0.1");
            }
        }
    }

    @Test
    void tcp_refusesAWrongPassword() {
        PostgresServer pg = POSTGRES.server();
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password() + "-wrong")
                        .close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void url_carriesUserPasswordHostPortAndDatabase() {
        PostgresServer pg = POSTGRES.server();
        assertThat(pg.url()).isEqualTo("postgresql://arena:" + pg.password() + "@127.0.0.1:" + pg.port() + "/arena");
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/arena");
    }

    @Test
    void createDatabase_givesATestAnEmptyDatabaseOfItsOwn() throws SQLException {
        PostgresServer pg = POSTGRES.server();
        pg.createDatabase("store_contract_1");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("store_contract_1"), pg.user(), pg.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select count(*) from information_schema.tables where table_schema = 'public'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void close_stopsTheServerAndDeletesItsDirectory() throws SQLException {
        long started = System.nanoTime();
        PostgresServer pg = PostgresServer.builder()
                .user("owner")
                .password("p@ss word/1")
                .database("shop")
                .start();
        System.out.printf(
                "TIMING postgres initdb + start + createdb: %d ms%n", (System.nanoTime() - started) / 1_000_000);
        Path dir = pg.directory();
        assertThat(pg.url()).isEqualTo("postgresql://owner:p%40ss%20word%2F1@127.0.0.1:" + pg.port() + "/shop");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "owner", "p@ss word/1")) {
            assertThat(c.isValid(2)).isTrue();
        }

        long closing = System.nanoTime();
        pg.close();
        System.out.printf(
                "TIMING postgres stop -m immediate + delete: %d ms%n", (System.nanoTime() - closing) / 1_000_000);

        assertThat(pg.isRunning()).isFalse();
        assertThat(Files.exists(dir)).isFalse();
        assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", pg.port()), 500);
                    }
                })
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), "owner", "p@ss word/1")
                        .close())
                .isInstanceOf(SQLException.class);
        pg.close();
    }

    @Test
    void stopAndStart_keepTheData() throws SQLException {
        try (PostgresServer pg = PostgresServer.startNew()) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                    Statement s = c.createStatement()) {
                s.execute("create table kept (n int)");
                s.execute("insert into kept values (42)");
            }
            pg.stop();
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())
                            .close())
                    .isInstanceOf(SQLException.class);
            pg.start();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select n from kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }
}
