package dev.arena.diag.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.RunId;
import dev.arena.broker.redis.RedisKeys;
import org.junit.jupiter.api.Test;

/** Arena's Redis key names and the CLIENT LIST parser (the URL codec is tested in arena-core's RedisUrlTest). */
class RedisKeysAndClientListTest {

    @Test
    void runKeys_useTheHashTag_andOnlyValidIdsComeBack() {
        RunId run = RunId.parse("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d");
        assertThat(RedisKeys.all(run))
                .containsExactly(
                        "arena:run:{3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d}:events",
                        "arena:run:{3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d}:seq",
                        "arena:run:{3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d}:open",
                        "arena:run:{3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d}:meta");
        assertThat(RedisKeys.runOfSentinel(RedisKeys.open(run))).contains(run);
        assertThat(RedisKeys.runOfSentinel("arena:run:{../../etc}:open")).isEmpty();
        assertThat(RedisKeys.runOfSentinel("arena:run:{3F2B8C1E-9A4D-4E7B-8C21-5D6F7A8B9C0D}:open"))
                .isEmpty();
    }

    @Test
    void clientList_parsesNamesAndRoles() {
        var clients = ClientList.parse(
                "id=3 addr=127.0.0.1:5 laddr=x fd=8 name=arena-server@h:42 age=10 idle=0 flags=N user=default cmd=xread\n"
                        + "id=4 addr=127.0.0.1:6 fd=9 name= age=1 idle=1 flags=N user=default cmd=client|list\n",
                "127.0.0.1:7001");
        assertThat(clients).hasSize(2);
        assertThat(clients).allSatisfy(c -> assertThat(c.node()).isEqualTo("127.0.0.1:7001"));
        assertThat(clients.get(0).isArena()).isTrue();
        assertThat(clients.get(0).role()).isEqualTo("arena-server");
        assertThat(clients.get(1).name()).isNull();
        assertThat(clients.get(1).isArena()).isFalse();
    }
}
