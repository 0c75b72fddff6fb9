package dev.arena.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One node's view of a Redis Cluster, parsed from its {@code CLUSTER NODES} reply: who is there,
 * in which role, with which flags, owning which slots. Immutable.
 */
final class ClusterView {

    static final int SLOTS = 16384;

    /** One line of {@code CLUSTER NODES}. */
    record Entry(String id, String host, int port, Set<String> flags, String masterId, List<int[]> slotRanges) {

        boolean isMaster() {
            return flags.contains("master");
        }

        boolean isReplica() {
            return flags.contains("slave");
        }

        boolean isMyself() {
            return flags.contains("myself");
        }

        /** Flagged failing, still being met, or without an address: not a healthy member. */
        boolean isTroubled() {
            return flags.contains("fail")
                    || flags.contains("fail?")
                    || flags.contains("handshake")
                    || flags.contains("noaddr");
        }

        boolean owns(int slot) {
            return slotRanges.stream().anyMatch(r -> r[0] <= slot && slot <= r[1]);
        }

        int slotCount() {
            return slotRanges.stream().mapToInt(r -> r[1] - r[0] + 1).sum();
        }

        String roleText() {
            return isMaster() ? "master" : isReplica() ? "replica of " + masterId : String.join(",", flags);
        }
    }

    private final List<Entry> entries;

    private ClusterView(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Parses a {@code CLUSTER NODES} reply (Redis 5 to 7 format; slots being migrated are ignored). */
    static ClusterView parse(String clusterNodes) {
        List<Entry> entries = new ArrayList<>();
        for (String line : clusterNodes.split("\n")) {
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ");
            if (f.length < 8) {
                throw new IllegalArgumentException("not a CLUSTER NODES line: '" + line + "'");
            }
            String address = f[1];
            int at = address.indexOf('@');
            String hostPort = at < 0 ? address : address.substring(0, at);
            int colon = hostPort.lastIndexOf(':');
            String host = hostPort.substring(0, colon);
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            Set<String> flags = Set.of(f[2].split(","));
            List<int[]> ranges = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue;
                }
                String[] bounds = f[i].split("-");
                int first = Integer.parseInt(bounds[0]);
                ranges.add(new int[] {first, bounds.length > 1 ? Integer.parseInt(bounds[1]) : first});
            }
            entries.add(new Entry(f[0], host, port, flags, f[3], List.copyOf(ranges)));
        }
        return new ClusterView(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    Optional<Entry> byPort(int port) {
        return entries.stream().filter(e -> e.port() == port).findFirst();
    }

    Optional<Entry> byId(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The master that serves {@code slot} in this view. */
    Optional<Entry> ownerOf(int slot) {
        return entries.stream().filter(e -> e.isMaster() && e.owns(slot)).findFirst();
    }

    int coveredSlots() {
        return entries.stream()
                .filter(Entry::isMaster)
                .mapToInt(Entry::slotCount)
                .sum();
    }

    /**
     * What the given members are and own, in a canonical text: two nodes whose views give the same
     * text agree on roles and slots for those members.
     */
    String agreementText(Set<Integer> ports) {
        return entries.stream()
                .filter(e -> ports.contains(e.port()))
                .sorted(Comparator.comparing(Entry::id))
                .map(e -> e.port() + "=" + (e.isMaster() ? "master" : "replica of " + portOf(e.masterId()))
                        + e.slotRanges().stream().map(Arrays::toString).collect(Collectors.joining("")))
                .collect(Collectors.joining("; "));
    }

    private String portOf(String id) {
        return byId(id).map(e -> Integer.toString(e.port())).orElse(id);
    }
}
