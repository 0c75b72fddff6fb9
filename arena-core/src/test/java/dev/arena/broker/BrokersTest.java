package dev.arena.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokersTest {

    @Test
    void clientName_isRoleAtHostColonPid_withoutWhitespace() {
        String name = Brokers.clientName("arena cli");
        assertThat(name)
                .startsWith("arena_cli@")
                .endsWith(":" + ProcessHandle.current().pid())
                .doesNotContainPattern("\\s");
    }
}
