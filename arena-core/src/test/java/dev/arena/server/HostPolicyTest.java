package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Host names are answered, by bind address (docs/api.md, "Requests the server refuses"). */
class HostPolicyTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 8000);
    private static final InetSocketAddress LAN = new InetSocketAddress("192.0.2.10", 8000);

    @Test
    void boundToLoopback_answersLoopbackNamesAndTheAllowedList_only() {
        HostPolicy p = new HostPolicy(List.of("arena.example.com"), "127.0.0.1");
        for (String host : new String[] {
            "localhost",
            "LocalHost",
            "127.0.0.1",
            "127.255.0.9",
            "[::1]",
            "::1",
            "[0:0:0:0:0:0:0:1]",
            "arena.example.com",
            "Arena.Example.Com."
        }) {
            assertThat(p.answers(host, LOOPBACK)).as(host).isTrue();
        }
        for (String host : new String[] {
            "attacker.example",
            "128.0.0.1",
            "127.0.0.1.nip.io",
            "localhost.evil",
            "0.0.0.0",
            "[::]",
            "192.0.2.10",
            "1::2::3",
            "",
            "a b"
        }) {
            assertThat(p.answers(host, LOOPBACK)).as(host).isFalse();
        }
    }

    @Test
    void boundToAWildcard_alsoAnswersTheLiteralOfTheAddressTheRequestArrivedOn() {
        HostPolicy p = new HostPolicy(List.of(), "0.0.0.0");
        assertThat(p.answers("192.0.2.10", LAN)).isTrue();
        assertThat(p.answers("192.0.2.11", LAN)).isFalse();
        assertThat(p.answers("myhost.lan", LAN))
                .as("a name needs ARENA_ALLOWED_HOSTS")
                .isFalse();
        assertThat(p.answers("localhost", LAN)).isTrue();
        assertThat(p.answers("0.0.0.0", LAN)).isFalse();
    }

    @Test
    void boundToANamedHost_answersThatName() {
        HostPolicy p = new HostPolicy(List.of(), "arena-1.internal");
        assertThat(p.answers("arena-1.internal", LAN)).isTrue();
        assertThat(p.answers("arena-2.internal", LAN)).isFalse();
    }

    @Test
    void onlyTheConfiguredListIsTrustedAsAnOrigin() {
        HostPolicy p = new HostPolicy(List.of("arena.example.com"), "127.0.0.1");
        assertThat(p.isConfigured("ARENA.example.com")).isTrue();
        assertThat(p.isConfigured("localhost"))
                .as("another page on localhost is not trusted")
                .isFalse();
    }

    @Test
    void parseAuthority_splitsHostAndPort_refusesWhatIsNoAuthority() {
        assertThat(HostPolicy.parseAuthority("localhost:8000")).isEqualTo(new HostPolicy.Authority("localhost", 8000));
        assertThat(HostPolicy.parseAuthority("[::1]:80")).isEqualTo(new HostPolicy.Authority("[::1]", 80));
        assertThat(HostPolicy.parseAuthority("[::1]")).isEqualTo(new HostPolicy.Authority("[::1]", -1));
        assertThat(HostPolicy.parseAuthority("example.com:")).isEqualTo(new HostPolicy.Authority("example.com", -1));
        for (String bad : new String[] {"[::1", "::1", "a b", "x:99999", "x:8a", "x:1:2", "", ":80", "[::1]x", "x/y"}) {
            assertThat(HostPolicy.parseAuthority(bad)).as(bad).isNull();
        }
    }

    @Test
    void contentTypeProblem_onlyJsonInUtf8_passes() {
        assertThat(EdgeGuard.contentTypeProblem("application/json")).isNull();
        assertThat(EdgeGuard.contentTypeProblem("application/json; charset=UTF-8"))
                .isNull();
        assertThat(EdgeGuard.contentTypeProblem("application/json;charset")).isNull();
        assertThat(EdgeGuard.contentTypeProblem(";;;")).contains("';;;'");
        assertThat(EdgeGuard.contentTypeProblem("")).contains("no Content-Type");
        assertThat(EdgeGuard.contentTypeProblem("application/json; charset=latin1"))
                .contains("latin1");
    }
}
