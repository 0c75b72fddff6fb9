package dev.arena.app;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shaded {@code arena.jar} this module's build packaged, for the ITs that run it as operators do. */
final class ShadedJar {

    private ShadedJar() {}

    /** Its path; fails the test when it was not built (the ITs run in verify, after package). */
    static Path path() throws Exception {
        Path testClasses = Path.of(ShadedJar.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path jar = testClasses.getParent().resolve("arena.jar");
        if (!Files.isRegularFile(jar)) {
            fail("the shaded jar " + jar
                    + " is missing: build it with ./mvnw package (this test runs in verify, after package)");
        }
        return jar;
    }
}
