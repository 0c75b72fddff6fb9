package dev.arena.fork;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.RunId;
import dev.arena.error.InputException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code POST /forks} asks for: fork {@code parentRunId} at {@code atSeq} (null: the parent's
 * last seq before any terminal event), optionally with a {@link FaultScenario} (null: none).
 */
public record ForkRequest(RunId parentRunId, Long atSeq, FaultScenario scenario) {

    private static final Set<String> FIELDS = Set.of("parent_run_id", "at_seq", "scenario");
    private static final Set<String> SCENARIO_FIELDS = Set.of("stall_at_seq", "fail_at_seq");

    public ForkRequest {
        Objects.requireNonNull(parentRunId, "parentRunId");
        if (atSeq != null && atSeq < 1) {
            throw new InputException("at_seq must be a positive integer, got " + atSeq);
        }
    }

    /** A fork of {@code parent} at its latest seq, without fault injection. */
    public static ForkRequest of(RunId parent) {
        return new ForkRequest(parent, null, null);
    }

    /**
     * Validates a request body: {@code {"parent_run_id": "<uuid>", "at_seq": N?, "scenario":
     * {"stall_at_seq": N} | {"fail_at_seq": N}?}}. Unknown fields are rejected so a typo never goes
     * unnoticed.
     *
     * @throws InputException naming the offending field and what it must be
     */
    public static ForkRequest fromJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InputException("request body must be a JSON object such as "
                    + "{\"parent_run_id\": \"3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d\"}");
        }
        rejectUnknown(body, FIELDS, "");
        JsonNode parent = body.get("parent_run_id");
        if (parent == null || parent.isNull()) {
            throw new InputException("parent_run_id is required: the run id (lower-case UUID) of the run to fork");
        }
        if (!parent.isTextual()) {
            throw new InputException("parent_run_id must be a string (a lower-case UUID), got " + type(parent));
        }
        RunId parentId;
        try {
            parentId = RunId.parse(parent.textValue());
        } catch (IllegalArgumentException e) {
            throw new InputException("parent_run_id: " + e.getMessage(), e);
        }
        Long atSeq = body.hasNonNull("at_seq") ? positive(body.get("at_seq"), "at_seq") : null;
        FaultScenario scenario = body.hasNonNull("scenario") ? scenario(body.get("scenario")) : null;
        return new ForkRequest(parentId, atSeq, scenario);
    }

    private static FaultScenario scenario(JsonNode node) {
        if (!node.isObject()) {
            throw new InputException(
                    "scenario must be an object: {\"stall_at_seq\": N} or {\"fail_at_seq\": N}, got " + type(node));
        }
        rejectUnknown(node, SCENARIO_FIELDS, "scenario.");
        boolean stall = node.has("stall_at_seq");
        boolean fail = node.has("fail_at_seq");
        if (stall == fail) {
            throw new InputException("scenario takes exactly one of scenario.stall_at_seq or scenario.fail_at_seq, got "
                    + (stall ? "both" : "neither"));
        }
        return stall
                ? FaultScenario.stallAt(positive(node.get("stall_at_seq"), "scenario.stall_at_seq"))
                : FaultScenario.failAt(positive(node.get("fail_at_seq"), "scenario.fail_at_seq"));
    }

    private static long positive(JsonNode node, String field) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1) {
            throw new InputException(field + " must be a positive integer, got "
                    + (node == null ? "nothing" : abbreviate(node.toString())));
        }
        return node.asLong();
    }

    private static void rejectUnknown(JsonNode object, Set<String> allowed, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InputException("unknown field " + prefix + abbreviate(name) + ": allowed are "
                        + String.join(
                                ", ",
                                allowed.stream().map(f -> prefix + f).sorted().toList()));
            }
        }
    }

    private static String type(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + abbreviate(node.toString());
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 37) + "...";
    }
}
