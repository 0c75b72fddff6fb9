package dev.arena.diag.cli;

import dev.arena.diag.doctor.BackendCheck;
import dev.arena.diag.doctor.BackendReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code arena diag backend}: the broker this shell's factory picks, compared with the server's; exit 2 on a mismatch or a server whose in-process backend no other process can share. */
@Command(
        name = "backend",
        description =
                "Which broker the factory picks in this shell (and the masked Redis URL), compared with what the server reports. Exit 2 on a mismatch or a server on the in-process backend (no other process can share it), 3 when the server cannot be asked.")
final class BackendCommand implements Callable<Integer> {

    /** The shared diag flags; {@link DiagCommand} adds them to this command's spec. */
    final DiagOptions options = new DiagOptions();

    @Override
    public Integer call() {
        return options.execute(false, this::body);
    }

    private int body(Invocation inv) {
        BackendReport r = new BackendCheck(inv.sources()).check();
        if (inv.json()) {
            inv.printJson(r);
            return r.status().exitCode();
        }
        Table t = new Table("", "BACKEND", "REDIS");
        t.row("this shell", r.localBackend(), r.localBackend().equals("redis") ? r.localRedis() : "-");
        t.row(
                "server " + r.serverUrl(),
                r.serverReachable() ? r.serverBackend() : "(unreachable)",
                r.serverRedis() == null ? "-" : r.serverRedis());
        inv.out().print(t.render());
        for (String m : r.messages().subList(1, r.messages().size())) {
            inv.out()
                    .println(
                            m.startsWith("MISMATCH") || m.startsWith("NOT SHARED")
                                    ? inv.style().red(m)
                                    : m);
        }
        inv.out().println("status " + inv.style().status(r.status(), r.status().name()));
        return r.status().exitCode();
    }
}
