package dev.arena.diag.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.config.Secrets;
import dev.arena.diag.DiagException;
import dev.arena.files.PrivateFiles;
import dev.arena.json.Json;
import dev.arena.wire.AuditEntry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The append-only audit trail of guarded actions ({@code ARENA_AUDIT_LOG}, docs/configuration.md): one JSON line per
 * action, written with a single append so lines from several processes never interleave. Every
 * text field is scrubbed of the given secrets and of URL credentials before it is written. The file
 * is owner-only: created 0600 in directories created 0700, an existing readable one tightened ({@link PrivateFiles}).
 */
public final class AuditLog {

    private static final Pattern URL_CREDENTIALS = Pattern.compile("(://[^/@\\s:]*:)[^@\\s/]+@");
    private static final int TAIL_WINDOW = 1 << 20;

    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Appends one line.
     *
     * @param secrets values to mask wherever they appear
     * @throws DiagException when the file cannot be written
     */
    public void append(AuditEntry entry, List<String> secrets) {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("ts", entry.ts().toString());
        line.put("action", clean(entry.action(), secrets));
        line.put("target", clean(entry.target(), secrets));
        line.put("actor", clean(entry.actor(), secrets));
        line.put("result", clean(entry.result(), secrets));
        line.put("detail", clean(entry.detail(), secrets));
        if (entry.env() != null) {
            line.put("env", clean(entry.env(), secrets));
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            PrivateFiles.append(file, bytes);
        } catch (IOException e) {
            throw new DiagException(
                    "cannot append to the audit log " + file + ": " + e.getMessage()
                            + " (set ARENA_AUDIT_LOG to a writable file)",
                    e);
        }
    }

    /**
     * Fails unless a line could be appended now (the file and its directories are created if missing),
     * so a guarded action is refused before it changes anything it could not record.
     *
     * @throws DiagException naming the file and what to do
     */
    public void checkWritable() {
        try {
            PrivateFiles.append(file, new byte[0]);
        } catch (IOException e) {
            throw new DiagException(
                    "cannot append to the audit log " + file + ": " + e.getMessage()
                            + " (set ARENA_AUDIT_LOG to a writable file)",
                    e);
        }
    }

    /** The newest {@code n} entries, oldest first; an absent file reads as empty. Unparseable lines are skipped. */
    public List<AuditEntry> tail(int n) {
        List<AuditEntry> out = new ArrayList<>();
        if (!Files.exists(file) || n <= 0) {
            return out;
        }
        String text;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            long from = Math.max(0, len - TAIL_WINDOW);
            byte[] buf = new byte[(int) (len - from)];
            raf.seek(from);
            raf.readFully(buf);
            text = new String(buf, StandardCharsets.UTF_8);
            if (from > 0) {
                text = text.substring(text.indexOf('\n') + 1);
            }
        } catch (IOException e) {
            throw new DiagException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        String[] lines = text.split("\n");
        for (int i = Math.max(0, lines.length - n); i < lines.length; i++) {
            AuditEntry e = parse(lines[i]);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    private static AuditEntry parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            JsonNode n = Json.parse(line);
            Instant ts = n.hasNonNull("ts") ? Instant.parse(n.get("ts").asText()) : null;
            return new AuditEntry(
                    ts,
                    n.path("action").asText(null),
                    n.path("target").asText(null),
                    n.path("actor").asText(null),
                    n.path("result").asText(null),
                    n.path("detail").asText(null),
                    n.path("env").asText(null));
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String clean(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = Secrets.scrub(text, secrets.toArray(String[]::new));
        return URL_CREDENTIALS.matcher(out).replaceAll("$1" + Secrets.MASK.replace("*", "\\*") + "@");
    }
}
