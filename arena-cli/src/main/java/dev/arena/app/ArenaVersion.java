package dev.arena.app;

import picocli.CommandLine;

/** Reports the version baked into the jar manifest (or "dev" when run from classes). */
final class ArenaVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = ArenaMain.class.getPackage().getImplementationVersion();
        return new String[] {"arena " + (v == null ? "dev" : v), "Java " + System.getProperty("java.version")};
    }
}
