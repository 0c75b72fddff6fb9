package dev.arena.tui.guarded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The confirm dialog's text layout. */
class ConfirmDialogTest {

    @Test
    void confirmDialogText_wrapsLongCommandsWithoutCuttingAnything() {
        String command = "curl -s -X POST -H \"Authorization: Bearer $ARENA_ADMIN_TOKEN\" "
                + "http://127.0.0.1:8000/admin/runs/3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d/reap";
        String wrapped = ConfirmDialog.wrap(command, 40, "    ");
        assertThat(wrapped.split("\n")).allMatch(l -> l.length() <= 40).hasSizeGreaterThan(2);
        assertThat(wrapped.replaceAll("\\s", "")).isEqualTo(command.replaceAll("\\s", ""));
        assertThat(ConfirmDialog.wrap("short", 40, "  ")).isEqualTo("short");
    }
}
