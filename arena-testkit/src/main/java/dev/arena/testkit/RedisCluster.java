package dev.arena.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * A private Redis Cluster for tests: {@code redis-server} processes in cluster mode on free
 * loopback ports (127.0.0.1 only), each in its own temporary directory — N masters splitting the
 * 16384 slots evenly and, on request, replicas for each master so failover can be tested.
 *
 * <p>{@link #start()} returns once every node reports {@code cluster_state:ok}, all slots are
 * served, the nodes agree on roles and slots, and every replica's link to its master is up. It
 * fails (never skips) when no {@code redis-server} binary is installed: a cluster needs local
 * binaries, so Testcontainers is not tried. {@link #kill9} crashes a node; {@link #awaitFailover}
 * waits until its replica has taken its slots over. {@link #close()} kills every node and deletes
 * their directories; a JVM shutdown hook does the same for a cluster a test forgot to close.
 *
 * <p>Every wait is bounded by the builder's {@link Builder#timeout(Duration) timeout} and polls; a
 * timeout fails with what was still unmet and the tail of every node's log. Not thread-safe.
 */
public final class RedisCluster implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final int CLUSTER_BUS_OFFSET = 10000;
    private static final int LOG_TAIL_LINES = 25;
    private static final int START_ATTEMPTS = 3;

    private final List<ClusterNode> nodes;
    private final String password;
    private final Duration timeout;
    private final Teardown teardown;
    private ClusterView lastHealthy;

    private RedisCluster(List<ClusterNode> nodes, String password, Duration timeout) {
        this.nodes = List.copyOf(nodes);
        this.password = password;
        this.timeout = timeout;
        this.teardown = new Teardown("redis-cluster-teardown", this::killAll);
    }

    /** Starts three masters without replicas. */
    public static RedisCluster startNew() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The shape and settings of a cluster to start. */
    public static final class Builder {
        private int masters = 3;
        private int replicasPerMaster;
        private String password;
        private Duration nodeTimeout = Duration.ofMillis(2000);
        private Duration timeout = Duration.ofSeconds(60);
        private final List<String> extraArgs = new ArrayList<>();

        private Builder() {}

        /** How many masters share the slots (default 3; a failover needs a majority of them alive, so at least 3). */
        public Builder masters(int masters) {
            if (masters < 1) {
                throw new IllegalArgumentException("a cluster needs at least one master, not " + masters);
            }
            this.masters = masters;
            return this;
        }

        /** Replicas for each master (default 0; 1 for failover tests). */
        public Builder replicasPerMaster(int replicas) {
            if (replicas < 0) {
                throw new IllegalArgumentException("replicas per master must be 0 or more, not " + replicas);
            }
            this.replicasPerMaster = replicas;
            return this;
        }

        /** Every node requires {@code password} ({@code requirepass}) and replicas use it to reach their master ({@code masterauth}). */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * {@code cluster-node-timeout} (default 2 s): how long a node may be unreachable before it is
         * failed over. Shorter makes failover tests faster and false failovers on a loaded machine likelier.
         */
        public Builder nodeTimeout(Duration nodeTimeout) {
            if (nodeTimeout.toMillis() < 100) {
                throw new IllegalArgumentException(
                        "cluster-node-timeout below 100 ms fails nodes over for nothing: " + nodeTimeout);
            }
            this.nodeTimeout = nodeTimeout;
            return this;
        }

        /** The bound on every wait: start, restart, failover (default 60 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** An extra {@code --name value} argument for every node's redis-server. */
        public Builder arg(String name, String value) {
            extraArgs.add(name);
            extraArgs.add(value);
            return this;
        }

        /** Starts the nodes, forms the cluster and waits until it is healthy. */
        public RedisCluster start() {
            if (RedisServer.findRedisServerOrNull() == null) {
                throw new IllegalStateException(RedisServer.HOW_TO_GET_REDIS
                        + " A Redis Cluster fixture runs local binaries only (no Testcontainers fallback).");
            }
            int total = masters * (1 + replicasPerMaster);
            List<ClusterNode> started = new ArrayList<>();
            try {
                for (int i = 0; i < total; i++) {
                    started.add(startNode());
                }
            } catch (RuntimeException e) {
                started.forEach(n -> n.server().close());
                throw e;
            }
            RedisCluster cluster = new RedisCluster(started, password, timeout);
            try {
                cluster.form(masters, replicasPerMaster);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        }

        /**
         * A free port is only free until someone binds it: another build, or any outgoing connection
         * taking it (or its bus port) as an ephemeral port. A node that cannot bind is tried again on
         * other ports, a few times.
         */
        private ClusterNode startNode() {
            for (int attempt = 1; ; attempt++) {
                try {
                    return startNodeOnce();
                } catch (IllegalStateException e) {
                    if (attempt == START_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }

        private ClusterNode startNodeOnce() {
            RedisServer.Builder server = RedisServer.builder()
                    .port(FreePorts.loopbackWithCompanion(CLUSTER_BUS_OFFSET))
                    .password(password)
                    .arg("--cluster-enabled", "yes")
                    .arg("--cluster-config-file", "nodes.conf")
                    .arg("--cluster-node-timeout", Long.toString(nodeTimeout.toMillis()))
                    // A test replica may always take over, however long since it last heard its master.
                    .arg("--cluster-replica-validity-factor", "0")
                    // Replicas sync at once instead of after the default 5 s batching delay.
                    .arg("--repl-diskless-sync-delay", "0");
            if (password != null) {
                server.arg("--masterauth", password);
            }
            for (int i = 0; i < extraArgs.size(); i += 2) {
                server.arg(extraArgs.get(i), extraArgs.get(i + 1));
            }
            RedisServer started = server.start();
            try (RespConnection c = started.connect(CALL_TIMEOUT)) {
                return new ClusterNode(started, c.callForText("CLUSTER", "MYID"));
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
        }
    }

    /** Every node, masters first as started; roles may change after a failover. */
    public List<ClusterNode> nodes() {
        return nodes;
    }

    /** The password every node requires, or null. */
    public String password() {
        return password;
    }

    /** Every node's {@link ClusterNode#uri()}, for a cluster client's seed list. */
    public List<String> seedUris() {
        return nodes.stream().map(ClusterNode::uri).toList();
    }

    /**
     * The seed list as Arena's {@code REDIS_URL} names a cluster: one URL whose authority lists
     * every node, {@code redis://[:password@]127.0.0.1:p1,127.0.0.1:p2,…}.
     */
    public String seedUrl() {
        String first = nodes.get(0).uri();
        String prefix = first.substring(0, first.lastIndexOf('@') + 1);
        if (prefix.isEmpty()) {
            prefix = "redis://";
        }
        return prefix
                + String.join(
                        ",", nodes.stream().map(n -> n.host() + ":" + n.port()).toList());
    }

    /** The running masters that serve slots, as the first running node sees them now. */
    public List<ClusterNode> masters() {
        ClusterView view = currentView();
        return view.entries().stream()
                .filter(e -> e.isMaster() && e.slotCount() > 0 && !e.isTroubled())
                .map(e -> nodeAt(e.port()))
                .filter(ClusterNode::isRunning)
                .toList();
    }

    /** The running replicas, as the first running node sees them now. */
    public List<ClusterNode> replicas() {
        ClusterView view = currentView();
        return view.entries().stream()
                .filter(ClusterView.Entry::isReplica)
                .map(e -> nodeAt(e.port()))
                .filter(ClusterNode::isRunning)
                .toList();
    }

    /** The running replicas of {@code master}, as the first running node sees them now. */
    public List<ClusterNode> replicasOf(ClusterNode master) {
        ClusterView view = currentView();
        return view.entries().stream()
                .filter(e -> e.isReplica() && e.masterId().equals(master.id()))
                .map(e -> nodeAt(e.port()))
                .filter(ClusterNode::isRunning)
                .toList();
    }

    /** The hash slot of {@code key}, as {@code CLUSTER KEYSLOT} computes it. */
    public int slotOf(String key) {
        try (RespConnection c = firstRunning().server().connect(CALL_TIMEOUT)) {
            return (int) c.callForLong("CLUSTER", "KEYSLOT", key);
        }
    }

    /** The master serving {@code key}'s slot, as the first running node's {@code CLUSTER NODES} says now. */
    public ClusterNode nodeForKey(String key) {
        int slot = slotOf(key);
        ClusterView.Entry owner = currentView()
                .ownerOf(slot)
                .orElseThrow(() ->
                        new IllegalStateException("no node serves slot " + slot + " (key '" + key + "')\n" + logs()));
        return nodeAt(owner.port());
    }

    /** Crashes {@code node} with SIGKILL, as a machine failure would look to the rest of the cluster. */
    public void kill9(ClusterNode node) {
        requireMember(node);
        node.server().kill();
    }

    /**
     * Waits until the slots {@code formerMaster} served when the cluster was last seen healthy are
     * served by another running node and the cluster is healthy again (see {@link #awaitHealthy()}).
     *
     * @return the promoted node
     * @throws IllegalArgumentException when {@code formerMaster} served no slots then
     * @throws IllegalStateException    when {@code formerMaster} is still running, or on timeout
     */
    public ClusterNode awaitFailover(ClusterNode formerMaster) {
        requireMember(formerMaster);
        ClusterView.Entry before = lastHealthy
                .byPort(formerMaster.port())
                .filter(e -> e.isMaster() && e.slotCount() > 0)
                .orElseThrow(() -> new IllegalArgumentException(
                        formerMaster + " served no slots when the cluster was last healthy: nothing fails over"));
        int slot = before.slotRanges().get(0)[0];
        AtomicReference<ClusterNode> promoted = new AtomicReference<>();
        Polling.await(
                timeout,
                "failover of " + formerMaster,
                () -> {
                    if (formerMaster.isRunning()) {
                        throw new Polling.Fatal(formerMaster + " is still running: kill9 it first");
                    }
                    String problem = healthProblem();
                    if (problem != null) {
                        return problem;
                    }
                    promoted.set(nodeAt(lastHealthy.ownerOf(slot).orElseThrow().port()));
                    return null;
                },
                this::logs);
        return promoted.get();
    }

    /**
     * Waits until every running node reports {@code cluster_state:ok} and all 16384 slots served by
     * running masters, the running nodes agree on each other's roles and slots and flag none of
     * each other as failing, and every running replica's link to its master is up.
     */
    public void awaitHealthy() {
        Polling.await(timeout, "a healthy cluster", this::healthProblem, this::logs);
    }

    /** Starts a killed node again on its port and data dir; it rejoins (as a replica if it was failed over). */
    public void restart(ClusterNode node) {
        requireMember(node);
        node.server().start();
        awaitHealthy();
    }

    /** Restarts every node that is not running and waits until the cluster is healthy. */
    public void heal() {
        boolean restarted = false;
        for (ClusterNode node : nodes) {
            if (!node.isRunning()) {
                node.server().start();
                restarted = true;
            }
        }
        if (restarted) {
            awaitHealthy();
        }
    }

    /** Waits until every running replica has applied everything its master had written when this was called. */
    public void awaitReplicasCaughtUp() {
        for (ClusterNode master : masters()) {
            long offset;
            try (RespConnection c = master.server().connect(CALL_TIMEOUT)) {
                offset = Long.parseLong(
                        fields(c.callForText("INFO", "replication")).get("master_repl_offset"));
            }
            for (ClusterNode replica : replicasOf(master)) {
                Polling.await(
                        timeout,
                        replica + " catching up with " + master + " at offset " + offset,
                        () -> {
                            try (RespConnection c = replica.server().connect(CALL_TIMEOUT)) {
                                String at = fields(c.callForText("INFO", "replication"))
                                        .get("slave_repl_offset");
                                return at != null && Long.parseLong(at) >= offset ? null : "replica at offset " + at;
                            }
                        },
                        this::logs);
            }
        }
    }

    /** Deletes every key on every running master (replicas follow). */
    public void flushAll() {
        for (ClusterNode master : masters()) {
            try (RespConnection c = master.server().connect(CALL_TIMEOUT)) {
                c.call("FLUSHALL");
            }
        }
    }

    /** The tail of every node's log, for failure messages. */
    public String logs() {
        StringBuilder out = new StringBuilder();
        for (ClusterNode node : nodes) {
            out.append("--- ")
                    .append(node)
                    .append(node.isRunning() ? "" : " (stopped)")
                    .append(" ---\n");
            List<String> lines = node.log().lines().toList();
            lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
                    .forEach(l -> out.append(l).append('\n'));
        }
        return out.toString();
    }

    /** Kills every node and deletes their directories. Idempotent. */
    @Override
    public void close() {
        teardown.run();
    }

    private void killAll() {
        for (ClusterNode node : nodes) {
            node.server().kill();
            node.server().close();
        }
    }

    private void form(int masters, int replicasPerMaster) {
        for (int i = 0; i < nodes.size(); i++) {
            call(nodes.get(i), "CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
        }
        for (int m = 0; m < masters; m++) {
            int first = m * ClusterView.SLOTS / masters;
            int last = (m + 1) * ClusterView.SLOTS / masters - 1;
            List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = first; slot <= last; slot++) {
                args.add(Integer.toString(slot));
            }
            call(nodes.get(m), args.toArray(String[]::new));
        }
        ClusterNode first = nodes.get(0);
        for (ClusterNode node : nodes.subList(1, nodes.size())) {
            call(first, "CLUSTER", "MEET", node.host(), Integer.toString(node.port()));
        }
        Polling.await(timeout, "every node knowing every other", this::strangers, this::logs);
        for (int r = masters; r < nodes.size(); r++) {
            call(
                    nodes.get(r),
                    "CLUSTER",
                    "REPLICATE",
                    nodes.get((r - masters) % masters).id());
        }
        awaitHealthy();
        int replicas = masters * replicasPerMaster;
        if (masters().size() != masters || replicas().size() != replicas) {
            throw new IllegalStateException("cluster formed with " + masters().size() + " masters and "
                    + replicas().size() + " replicas instead of " + masters + " and " + replicas + "\n" + logs());
        }
    }

    /** Null when every node knows every other by its real id, else who does not know whom yet. */
    private String strangers() {
        for (ClusterNode node : nodes) {
            ClusterView view = viewOf(node);
            for (ClusterNode other : nodes) {
                if (view.byId(other.id())
                        .filter(e -> !e.flags().contains("handshake"))
                        .isEmpty()) {
                    return node + " does not know " + other + " yet";
                }
            }
        }
        return null;
    }

    /** Null when the cluster is healthy (see {@link #awaitHealthy()}), else the first problem found. */
    private String healthProblem() {
        List<ClusterNode> running =
                nodes.stream().filter(ClusterNode::isRunning).toList();
        if (running.isEmpty()) {
            return "no node is running";
        }
        Set<Integer> runningPorts = running.stream().map(ClusterNode::port).collect(Collectors.toSet());
        String agreed = null;
        ClusterNode agreedBy = null;
        ClusterView view = null;
        for (ClusterNode node : running) {
            try (RespConnection c = node.server().connect(CALL_TIMEOUT)) {
                Map<String, String> info = fields(c.callForText("CLUSTER", "INFO"));
                if (!"ok".equals(info.get("cluster_state"))) {
                    return node + " reports cluster_state:" + info.get("cluster_state");
                }
                if (!Integer.toString(ClusterView.SLOTS).equals(info.get("cluster_slots_ok"))) {
                    return node + " reports cluster_slots_ok:" + info.get("cluster_slots_ok");
                }
                view = ClusterView.parse(c.callForText("CLUSTER", "NODES"));
                for (ClusterNode other : running) {
                    Optional<ClusterView.Entry> seen = view.byId(other.id());
                    if (seen.isEmpty() || seen.get().isTroubled()) {
                        return node + " sees " + other + " as "
                                + seen.map(e -> e.flags().toString()).orElse("unknown");
                    }
                }
                for (ClusterView.Entry e : view.entries()) {
                    if (e.isMaster() && e.slotCount() > 0 && !runningPorts.contains(e.port())) {
                        return node + " still has slots served by the stopped node on port " + e.port();
                    }
                }
                if (view.coveredSlots() != ClusterView.SLOTS) {
                    return node + " sees " + view.coveredSlots() + " slots served";
                }
                String text = view.agreementText(runningPorts);
                if (agreed == null) {
                    agreed = text;
                    agreedBy = node;
                } else if (!agreed.equals(text)) {
                    return node + " and " + agreedBy + " disagree: [" + text + "] vs [" + agreed + "]";
                }
                ClusterView.Entry self = view.byId(node.id()).orElseThrow();
                if (self.isReplica()) {
                    String link = fields(c.callForText("INFO", "replication")).get("master_link_status");
                    if (!"up".equals(link)) {
                        return node + " (a replica) has master_link_status:" + link;
                    }
                }
            }
        }
        lastHealthy = view;
        return null;
    }

    private ClusterView currentView() {
        return viewOf(firstRunning());
    }

    private ClusterView viewOf(ClusterNode node) {
        try (RespConnection c = node.server().connect(CALL_TIMEOUT)) {
            return ClusterView.parse(c.callForText("CLUSTER", "NODES"));
        }
    }

    private ClusterNode firstRunning() {
        return nodes.stream()
                .filter(ClusterNode::isRunning)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of the cluster is running"));
    }

    private ClusterNode nodeAt(int port) {
        return nodes.stream()
                .filter(n -> n.port() == port)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("port " + port + " is not a node of this cluster"));
    }

    private void requireMember(ClusterNode node) {
        if (!nodes.contains(node)) {
            throw new IllegalArgumentException(node + " is not a node of this cluster");
        }
    }

    private static void call(ClusterNode node, String... args) {
        try (RespConnection c = node.server().connect(CALL_TIMEOUT)) {
            c.call(args);
        }
    }

    /** The {@code name:value} lines of an INFO-style reply. */
    private static Map<String, String> fields(String info) {
        Map<String, String> fields = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }
}
