package io.firedrill.contracts.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firedrill.contracts.compat.SchemaChange.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two versions of a JSON Schema and reports what changed for consumers.
 *
 * <p>Breaking: a consumer of the old version loses something it relied on (a field removed, renamed,
 * made optional, or of another type) or messages already written no longer validate (a field newly required,
 * an enum value removed, a bound tightened, an optional field removed from a closed object). Compatible: an
 * optional field added, enum values added, a bound relaxed, documentation edited. Keywords this checker does
 * not analyse ({@code oneOf}, {@code $ref}, ...) count as breaking when they change: it cannot prove them safe.
 */
public final class SchemaCompatibility {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Documentation only; {@code $id} changes with every version. */
    private static final Set<String> ANNOTATIONS =
            Set.of("title", "description", "$comment", "examples", "default", "$id", "deprecated", "readOnly", "writeOnly");
    private static final List<String> LOWER_BOUNDS =
            List.of("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties");
    private static final List<String> UPPER_BOUNDS =
            List.of("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties");
    private static final Set<String> ANALYSED = analysed();

    private SchemaCompatibility() {}

    public static CompatibilityReport compare(String oldSchema, String newSchema) {
        return compare(parse(oldSchema, "old"), parse(newSchema, "new"));
    }

    public static CompatibilityReport compare(JsonNode oldSchema, JsonNode newSchema) {
        List<SchemaChange> changes = new ArrayList<>();
        compareSchemas(oldSchema, newSchema, "$", changes);
        return new CompatibilityReport(changes);
    }

    private static void compareSchemas(JsonNode old, JsonNode neu, String path, List<SchemaChange> changes) {
        if (!old.isObject() || !neu.isObject()) {
            if (!old.equals(neu)) {
                changes.add(breaking(Kind.UNRECOGNISED_CHANGE, path, "schema changed from " + old + " to " + neu));
            }
            return;
        }
        Set<String> oldTypes = types(old);
        Set<String> newTypes = types(neu);
        if (!oldTypes.equals(newTypes)) {
            changes.add(breaking(Kind.TYPE_CHANGED, path, "type changed from " + describeTypes(oldTypes) + " to "
                    + describeTypes(newTypes)));
            return; // everything below depends on the type
        }
        compareEnums(old, neu, path, changes);
        compareExact("const", old, neu, path, changes);
        compareExact("format", old, neu, path, changes);
        compareExact("pattern", old, neu, path, changes);
        LOWER_BOUNDS.forEach(k -> compareBound(k, true, old, neu, path, changes));
        UPPER_BOUNDS.forEach(k -> compareBound(k, false, old, neu, path, changes));
        compareFlag("uniqueItems", old, neu, path, changes);
        compareAdditionalProperties(old, neu, path, changes);
        compareProperties(old, neu, path, changes);
        compareItems(old, neu, path, changes);
        compareUnanalysed(old, neu, path, changes);
    }

    private static void compareEnums(JsonNode old, JsonNode neu, String path, List<SchemaChange> changes) {
        boolean hadEnum = old.has("enum");
        boolean hasEnum = neu.has("enum");
        if (!hadEnum && !hasEnum) {
            return;
        }
        if (!hasEnum) {
            changes.add(compatible(Kind.CONSTRAINT_RELAXED, path, "enum dropped, any value allowed"));
            return;
        }
        if (!hadEnum) {
            changes.add(breaking(Kind.CONSTRAINT_TIGHTENED, path, "enum introduced: " + values(neu.get("enum"))));
            return;
        }
        Set<String> before = values(old.get("enum"));
        Set<String> after = values(neu.get("enum"));
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        if (!removed.isEmpty()) {
            changes.add(breaking(Kind.ENUM_VALUES_REMOVED, path, "enum values removed: " + removed));
        }
        if (!added.isEmpty()) {
            changes.add(compatible(Kind.ENUM_VALUES_ADDED, path, "enum values added: " + added));
        }
    }

    /** Keywords whose values cannot be ordered: any new or different value restricts, removing one relaxes. */
    private static void compareExact(String keyword, JsonNode old, JsonNode neu, String path, List<SchemaChange> changes) {
        JsonNode before = old.get(keyword);
        JsonNode after = neu.get(keyword);
        if (before == null && after == null || before != null && before.equals(after)) {
            return;
        }
        if (after == null) {
            changes.add(compatible(Kind.CONSTRAINT_RELAXED, path, keyword + " " + before + " dropped"));
        } else {
            changes.add(breaking(Kind.CONSTRAINT_TIGHTENED, path,
                    keyword + (before == null ? " " + after + " introduced" : " changed from " + before + " to " + after)));
        }
    }

    private static void compareBound(
            String keyword, boolean lower, JsonNode old, JsonNode neu, String path, List<SchemaChange> changes) {
        JsonNode before = old.get(keyword);
        JsonNode after = neu.get(keyword);
        if (before == null && after == null) {
            return;
        }
        if (before == null || after == null) {
            boolean introduced = before == null;
            changes.add(introduced
                    ? breaking(Kind.CONSTRAINT_TIGHTENED, path, keyword + " " + after + " introduced")
                    : compatible(Kind.CONSTRAINT_RELAXED, path, keyword + " " + before + " dropped"));
            return;
        }
        int order = new BigDecimal(after.asText()).compareTo(new BigDecimal(before.asText()));
        if (order == 0) {
            return;
        }
        boolean tightened = lower ? order > 0 : order < 0;
        String detail = keyword + (tightened ? " tightened" : " relaxed") + " from " + before + " to " + after;
        changes.add(tightened ? breaking(Kind.CONSTRAINT_TIGHTENED, path, detail) : compatible(Kind.CONSTRAINT_RELAXED, path, detail));
    }

    private static void compareFlag(String keyword, JsonNode old, JsonNode neu, String path, List<SchemaChange> changes) {
        boolean before = old.path(keyword).asBoolean(false);
        boolean after = neu.path(keyword).asBoolean(false);
        if (before != after) {
            changes.add(after
                    ? breaking(Kind.CONSTRAINT_TIGHTENED, path, keyword + " introduced")
                    : compatible(Kind.CONSTRAINT_RELAXED, path, keyword + " dropped"));
        }
    }

    private static void compareAdditionalProperties(JsonNode old, JsonNode neu, String path, List<SchemaChange> changes) {
        JsonNode before = old.get("additionalProperties");
        JsonNode after = neu.get("additionalProperties");
        if (before != null && !before.isBoolean() || after != null && !after.isBoolean()) {
            if (before == null || !before.equals(after)) {
                changes.add(breaking(Kind.UNRECOGNISED_CHANGE, path, "additionalProperties schema changed"));
            }
            return;
        }
        boolean wasClosed = isClosed(old);
        boolean isClosed = isClosed(neu);
        if (wasClosed != isClosed) {
            changes.add(isClosed
                    ? breaking(Kind.CONSTRAINT_TIGHTENED, path, "object closed: additional properties no longer allowed")
                    : compatible(Kind.CONSTRAINT_RELAXED, path, "object opened: additional properties allowed"));
        }
    }

    private static void compareProperties(JsonNode old, JsonNode neu, String path, List<SchemaChange> changes) {
        JsonNode oldProps = old.path("properties");
        JsonNode newProps = neu.path("properties");
        Set<String> oldRequired = values(old.path("required"));
        Set<String> newRequired = values(neu.path("required"));
        Set<String> removed = new LinkedHashSet<>(names(oldProps));
        removed.removeAll(names(newProps));
        Set<String> added = new LinkedHashSet<>(names(newProps));
        added.removeAll(names(oldProps));

        // A rename reads as removed + added with the same shape; naming it helps the reviewer.
        for (Iterator<String> it = removed.iterator(); it.hasNext(); ) {
            String gone = it.next();
            String renamed = added.stream()
                    .filter(candidate -> sameShape(oldProps.get(gone), newProps.get(candidate)))
                    .findFirst()
                    .orElse(null);
            if (renamed != null) {
                changes.add(breaking(Kind.FIELD_RENAMED, child(path, gone),
                        "field '" + gone + "' renamed to '" + renamed + "'"));
                it.remove();
                added.remove(renamed);
            }
        }
        for (String gone : removed) {
            if (oldRequired.contains(gone)) {
                changes.add(breaking(Kind.REQUIRED_FIELD_REMOVED, child(path, gone), "required field '" + gone + "' removed"));
            } else {
                // Messages already written may still carry it; a closed object now rejects them.
                boolean closed = isClosed(neu);
                String detail = "optional field '" + gone + "' removed" + (closed ? " from a closed object" : "");
                changes.add(new SchemaChange(Kind.OPTIONAL_FIELD_REMOVED, child(path, gone), detail, closed));
            }
        }
        for (String fresh : added) {
            changes.add(newRequired.contains(fresh)
                    ? breaking(Kind.NEWLY_REQUIRED, child(path, fresh), "new field '" + fresh + "' is required")
                    : compatible(Kind.OPTIONAL_FIELD_ADDED, child(path, fresh), "optional field '" + fresh + "' added"));
        }
        for (String name : names(oldProps)) {
            if (!newProps.has(name)) {
                continue;
            }
            if (newRequired.contains(name) && !oldRequired.contains(name)) {
                changes.add(breaking(Kind.NEWLY_REQUIRED, child(path, name), "field '" + name + "' is now required"));
            } else if (oldRequired.contains(name) && !newRequired.contains(name)) {
                changes.add(breaking(Kind.NO_LONGER_REQUIRED, child(path, name),
                        "field '" + name + "' is no longer required; consumers relying on it may get nothing"));
            }
            compareSchemas(oldProps.get(name), newProps.get(name), child(path, name), changes);
        }
    }

    private static void compareItems(JsonNode old, JsonNode neu, String path, List<SchemaChange> changes) {
        JsonNode before = old.get("items");
        JsonNode after = neu.get("items");
        if (before == null && after == null) {
            return;
        }
        if (before == null) {
            changes.add(breaking(Kind.CONSTRAINT_TIGHTENED, path + "[]", "item schema introduced"));
        } else if (after == null) {
            changes.add(compatible(Kind.CONSTRAINT_RELAXED, path + "[]", "item schema dropped"));
        } else {
            compareSchemas(before, after, path + "[]", changes);
        }
    }

    private static void compareUnanalysed(JsonNode old, JsonNode neu, String path, List<SchemaChange> changes) {
        Set<String> keywords = new TreeSet<>(names(old));
        keywords.addAll(names(neu));
        for (String keyword : keywords) {
            if (ANALYSED.contains(keyword) || ANNOTATIONS.contains(keyword)) {
                continue;
            }
            JsonNode before = old.get(keyword);
            JsonNode after = neu.get(keyword);
            if (before == null || !before.equals(after)) {
                changes.add(breaking(Kind.UNRECOGNISED_CHANGE, path,
                        "'" + keyword + "' changed; not analysed, so treated as breaking"));
            }
        }
    }

    private static boolean sameShape(JsonNode a, JsonNode b) {
        return withoutAnnotations(a).equals(withoutAnnotations(b));
    }

    private static JsonNode withoutAnnotations(JsonNode schema) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode copy = ((ObjectNode) schema).deepCopy();
        copy.remove(ANNOTATIONS);
        return copy;
    }

    private static boolean isClosed(JsonNode schema) {
        JsonNode additional = schema.get("additionalProperties");
        return additional != null && additional.isBoolean() && !additional.booleanValue();
    }

    private static Set<String> types(JsonNode schema) {
        JsonNode type = schema.get("type");
        Set<String> types = new TreeSet<>();
        if (type == null) {
            return types;
        }
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else {
            types.add(type.asText());
        }
        return types;
    }

    private static String describeTypes(Set<String> types) {
        return types.isEmpty() ? "any" : types.size() == 1 ? types.iterator().next() : types.toString();
    }

    private static Set<String> values(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.isTextual() ? v.asText() : v.toString()));
        return values;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String child(String path, String property) {
        return path + "." + property;
    }

    private static SchemaChange breaking(Kind kind, String path, String detail) {
        return new SchemaChange(kind, path, detail, true);
    }

    private static SchemaChange compatible(Kind kind, String path, String detail) {
        return new SchemaChange(kind, path, detail, false);
    }

    private static JsonNode parse(String schema, String which) {
        try {
            return JSON.readTree(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the " + which + " schema is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Set<String> analysed() {
        Set<String> keywords = new LinkedHashSet<>(List.of(
                "type", "enum", "const", "format", "pattern", "uniqueItems", "additionalProperties", "properties",
                "required", "items"));
        keywords.addAll(LOWER_BOUNDS);
        keywords.addAll(UPPER_BOUNDS);
        return Set.copyOf(keywords);
    }
}
