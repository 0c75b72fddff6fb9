package dev.arena.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterViewTest {

    // CLUSTER NODES of a 3+3 cluster right after its first master (port 30001) was failed over to 30004.
    private static final String AFTER_FAILOVER = String.join(
            "\n",
            "a1 127.0.0.1:30001@40001 master,fail - 1700000000000 1700000000000 1 disconnected",
            "b2 127.0.0.1:30002@40002 myself,master - 0 1700000000000 2 connected 5461-10922",
            "c3 127.0.0.1:30003@40003 master - 0 1700000000000 3 connected 10923-16383 [16000->-a1]",
            "d4 127.0.0.1:30004@40004,host-d master - 0 1700000000000 7 connected 0-5459 5460",
            "e5 127.0.0.1:30005@40005 slave b2 0 1700000000000 2 connected",
            "f6 :30006@40006 slave,fail? c3 0 1700000000000 3 connected",
            "");

    private final ClusterView view = ClusterView.parse(AFTER_FAILOVER);

    @Test
    void parse_readsEveryNodeWithItsAddressRoleAndSlots() {
        assertThat(view.entries()).hasSize(6);
        ClusterView.Entry promoted = view.byId("d4").orElseThrow();
        assertThat(promoted.host()).isEqualTo("127.0.0.1");
        assertThat(promoted.port()).isEqualTo(30004);
        assertThat(promoted.isMaster()).isTrue();
        assertThat(promoted.slotCount()).isEqualTo(5461);
        assertThat(view.byPort(30005).orElseThrow().masterId()).isEqualTo("b2");
        assertThat(view.byPort(30002).orElseThrow().isMyself()).isTrue();
        assertThat(view.byPort(30006).orElseThrow().host()).isEmpty();
    }

    @Test
    void ownerOf_isTheMasterWhoseRangeHoldsTheSlot_ignoringSlotsBeingMigrated() {
        assertThat(view.ownerOf(0).orElseThrow().id()).isEqualTo("d4");
        assertThat(view.ownerOf(5460).orElseThrow().id()).isEqualTo("d4");
        assertThat(view.ownerOf(5461).orElseThrow().id()).isEqualTo("b2");
        assertThat(view.ownerOf(16000).orElseThrow().id()).isEqualTo("c3");
        assertThat(view.coveredSlots()).isEqualTo(ClusterView.SLOTS);
    }

    @Test
    void troubled_meansFailingOrSuspectedOrStillInHandshake() {
        assertThat(view.byId("a1").orElseThrow().isTroubled()).isTrue();
        assertThat(view.byId("f6").orElseThrow().isTroubled()).isTrue();
        assertThat(view.byId("e5").orElseThrow().isTroubled()).isFalse();
    }

    @Test
    void agreementText_differsWhenTwoViewsDisagreeOnRolesOrSlots() {
        Set<Integer> running = Set.of(30002, 30003, 30004, 30005);
        ClusterView stale = ClusterView.parse(AFTER_FAILOVER.replace(
                "master - 0 1700000000000 7 connected 0-5459 5460", "slave a1 0 1700000000000 7 connected"));
        assertThat(view.agreementText(running))
                .isEqualTo(ClusterView.parse(AFTER_FAILOVER).agreementText(running));
        assertThat(stale.agreementText(running)).isNotEqualTo(view.agreementText(running));
    }

    @Test
    void parse_rejectsWhatIsNotAClusterNodesReply() {
        assertThatThrownBy(() -> ClusterView.parse("ERR This instance has cluster support disabled"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a CLUSTER NODES line");
    }
}
