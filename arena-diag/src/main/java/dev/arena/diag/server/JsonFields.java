package dev.arena.diag.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Tolerant field readers for server JSON: absent or null fields read as null/0, unknown fields are ignored. */
final class JsonFields {

    private JsonFields() {
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static long num(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? 0 : v.asLong();
    }

    static Long optLong(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    static Double optDouble(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    static boolean bool(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.asBoolean(false);
    }

    static Instant instant(JsonNode node, String field) {
        String t = text(node, field);
        if (t == null || t.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static List<String> strings(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        List<String> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    static Health health(JsonNode n) {
        JsonNode redis = n.get("redis");
        JsonNode duck = n.get("duckdb");
        return new Health(text(n, "status"), text(n, "backend"),
                redis == null || redis.isNull() ? null : text(redis, "url"),
                redis == null || redis.isNull() ? null : optDouble(redis, "ping_ms"),
                duck == null || duck.isNull() ? null : text(duck, "path"),
                num(n, "uptime_seconds"), instant(n, "started_at"), text(n, "version"));
    }

    static RunSummary runSummary(JsonNode n) {
        return new RunSummary(text(n, "run_id"), text(n, "parent_run_id"), text(n, "status"),
                instant(n, "started_at"), instant(n, "finished_at"), num(n, "last_seq"),
                num(n, "event_count"), text(n, "source"), bool(n, "persisted"));
    }

    static RunDetail runDetail(JsonNode n) {
        return new RunDetail(text(n, "run_id"), text(n, "parent_run_id"), text(n, "status"),
                instant(n, "started_at"), instant(n, "finished_at"), num(n, "head_seq"), num(n, "last_seq"),
                num(n, "length"), (int) num(n, "subscribers"), instant(n, "last_event_at"),
                optDouble(n, "idle_seconds"), optLong(n, "sentinel_ttl_seconds"), text(n, "source"),
                bool(n, "persisted"));
    }

    static ServerMetrics metrics(JsonNode n) {
        return new ServerMetrics(num(n, "events_published"), num(n, "events_streamed"),
                num(n, "streams_dropped"), num(n, "runs_open"), num(n, "subscribers"), num(n, "runs_reaped"),
                num(n, "publish_failures"), num(n, "fork_tasks_running"), num(n, "fork_tasks_stuck"),
                text(n, "backend"), instant(n, "ts"));
    }

    static ForkTask forkTask(JsonNode n) {
        Double idle = optDouble(n, "idle_seconds");
        return new ForkTask(text(n, "name"), text(n, "parent_run_id"), text(n, "child_run_id"),
                text(n, "state"), text(n, "stage"), instant(n, "started_at"), instant(n, "last_progress_at"),
                idle == null ? 0 : idle, bool(n, "stuck"), num(n, "events_replayed"), optLong(n, "at_seq"),
                strings(n, "stack"), text(n, "error"));
    }

    static ReapReceipt reap(JsonNode n) {
        return new ReapReceipt(text(n, "run_id"), bool(n, "reaped"), text(n, "status"), num(n, "events_persisted"));
    }
}
