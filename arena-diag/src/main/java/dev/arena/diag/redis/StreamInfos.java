package dev.arena.diag.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Builds {@link StreamInfo} from raw XINFO STREAM / GET / PTTL replies. */
final class StreamInfos {

    private StreamInfos() {}

    static StreamInfo from(String runId, List<Object> xinfo, String seq, Long pttl, Instant now) {
        Long counter = seq == null ? null : RedisInspector.parseLong(seq);
        Long ttl = pttl == null || pttl == -2 ? null : pttl;
        if (xinfo == null) {
            return new StreamInfo(runId, false, 0, 0, 0, counter, ttl, null, null, null, null);
        }
        long length = 0;
        long first = 0;
        long last = 0;
        String lastJson = null;
        for (int i = 0; i + 1 < xinfo.size(); i += 2) {
            String field = String.valueOf(xinfo.get(i));
            Object value = xinfo.get(i + 1);
            switch (field) {
                case "length" ->
                    length =
                            value instanceof Number n ? n.longValue() : RedisInspector.parseLong(String.valueOf(value));
                case "first-entry" -> first = seqOf(value);
                case "last-entry" -> {
                    last = seqOf(value);
                    lastJson = dataOf(value);
                }
                default -> {}
            }
        }
        String kind = null;
        Instant ts = null;
        if (lastJson != null) {
            try {
                JsonNode env = Json.parse(lastJson);
                kind = env.path("kind").asText(null);
                String t = env.path("ts").asText(null);
                ts = t == null ? null : Instant.parse(t);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                kind = "(unparseable)";
            }
        }
        Long age = ts == null ? null : Math.max(0, now.toEpochMilli() - ts.toEpochMilli());
        return new StreamInfo(runId, true, length, first, last, counter, ttl, kind, lastJson, ts, age);
    }

    /** An entry is {@code [id, [field, value, …]]}; the id is {@code <seq>-0}. */
    private static long seqOf(Object entry) {
        if (entry instanceof List<?> l && !l.isEmpty() && l.get(0) != null) {
            String id = String.valueOf(l.get(0));
            int dash = id.indexOf('-');
            return RedisInspector.parseLong(dash < 0 ? id : id.substring(0, dash));
        }
        return 0;
    }

    private static String dataOf(Object entry) {
        if (entry instanceof List<?> l && l.size() > 1 && l.get(1) instanceof List<?> fields) {
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("data".equals(String.valueOf(fields.get(i)))) {
                    return String.valueOf(fields.get(i + 1));
                }
            }
        }
        return null;
    }
}
