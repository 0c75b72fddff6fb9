package dev.arena.server;

import dev.arena.config.ArenaConfig;

/**
 * A real {@code arena server} for a second JVM (ServerRegistryIT): starts from its environment,
 * prints {@code listening <url>} and serves until it is killed or its stdin ends. The argument
 * {@code --allow-fault-injection} lets it run stalled forks (ForkOwnershipAcrossServersIT).
 */
public final class RegistryServerMain {

    private RegistryServerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (ArenaServer server = ArenaServer.builder(ArenaConfig.fromSystemEnv())
                .allowFaultInjection(java.util.List.of(args).contains("--allow-fault-injection")).build().start()) {
            System.out.println("listening " + server.url());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until stdin closes (the test kills this JVM with SIGKILL instead)
            }
        }
    }
}
