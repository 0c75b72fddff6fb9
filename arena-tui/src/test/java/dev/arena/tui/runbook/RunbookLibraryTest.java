package dev.arena.tui.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Finding and reading the bundled runbooks; a runbook that cannot be read says so. */
public class RunbookLibraryTest {

    @Test
    void bundledRunbooksAreListedAndRead() throws IOException {
        RunbookLibrary library = RunbookLibrary.bundled();
        assertThat(library.names()).contains("console-test-runbook.md");
        assertThat(library.read("console-test-runbook.md"))
                .hasValueSatisfying(md -> assertThat(md).contains("# Console test runbook"));
        assertThat(library.read("no-such-runbook.md")).isEmpty();
        assertThat(library.read("../pom.xml")).isEmpty();
    }

    @Test
    void aRunbookThatCannotBeRead_failsNamingItAndWhy() {
        RunbookLibrary library = new RunbookLibrary(unreadableRunbooks(RunbookLibraryTest.class.getClassLoader()));
        assertThatThrownBy(() -> library.read("console-test-runbook.md"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("runbook console-test-runbook.md cannot be read")
                .hasMessageContaining("disk read error");
    }

    /** The runbooks of {@code parent}, listed as usual, whose contents fail to read. */
    public static ClassLoader unreadableRunbooks(ClassLoader parent) {
        return new ClassLoader(parent) {
            @Override
            public InputStream getResourceAsStream(String name) {
                return new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("disk read error");
                    }
                };
            }
        };
    }
}
