package dev.arena.diag.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parses {@code CLIENT LIST} and {@code INFO} text replies. */
final class ClientList {

    private ClientList() {}

    static List<ClientInfo> parse(String text, String node) {
        List<ClientInfo> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> f = new HashMap<>();
            for (String part : line.trim().split(" ")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    f.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            String name = f.getOrDefault("name", "");
            out.add(new ClientInfo(
                    node,
                    RedisInspector.parseLong(f.get("id")),
                    name.isEmpty() ? null : name,
                    f.get("addr"),
                    RedisInspector.parseLong(f.get("age")),
                    RedisInspector.parseLong(f.get("idle")),
                    f.get("user"),
                    f.get("cmd")));
        }
        return out;
    }

    static Map<String, String> infoFields(String info) {
        Map<String, String> out = new HashMap<>();
        if (info == null) {
            return out;
        }
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                out.put(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        return out;
    }
}
