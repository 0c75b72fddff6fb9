package dev.arena.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;

/**
 * Free TCP ports on the loopback interface for the servers the fixtures start. Never hands out the
 * ports of the machine's own Redis (6379) or PostgreSQL (5432), so a fixture cannot land on them
 * even if those happen to be down.
 */
final class FreePorts {

    private static final Set<Integer> SHARED_SERVICES = Set.of(6379, 5432);
    private static final int ATTEMPTS = 50;

    private FreePorts() {}

    /** A loopback port nothing listens on right now. */
    static int loopback() {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = ephemeral();
            if (!SHARED_SERVICES.contains(port)) {
                return port;
            }
        }
        throw new IllegalStateException(
                "no free loopback port outside " + SHARED_SERVICES + " after " + ATTEMPTS + " tries");
    }

    /**
     * A free loopback port {@code p} whose companion {@code p + offset} is free too, as a Redis
     * Cluster node needs for its cluster bus (client port + 10000, on every Redis version).
     */
    static int loopbackWithCompanion(int offset) {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = ephemeral();
            int companion = port + offset;
            if (companion <= 65535
                    && !SHARED_SERVICES.contains(port)
                    && !SHARED_SERVICES.contains(companion)
                    && isFree(companion)) {
                return port;
            }
        }
        throw new IllegalStateException(
                "no free loopback port p with p+" + offset + " free too after " + ATTEMPTS + " tries");
    }

    private static int ephemeral() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open any loopback port: " + e.getMessage(), e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
