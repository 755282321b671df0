package io.firedrill.stack.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A trace from Zipkin's {@code GET /api/v2/trace/{id}} as a text waterfall: one line per span, children under their
 * parent (indented by depth, siblings by start time), each with its offset from the trace's start and its duration in
 * milliseconds, a bar placed and scaled on the trace's whole duration (plain ASCII), its service and its name. A span
 * whose parent is not in the trace (not exported yet, or evicted) starts a tree of its own at depth 0.
 */
public final class Waterfall {

    public static final int BAR_WIDTH = 40;

    private Waterfall() {}

    /** One span as Zipkin v2 returns it; times in microseconds since the epoch. */
    public record Span(String id, String parentId, String service, String name, String kind, long startMicros,
                       long durationMicros) {}

    /** A span placed in the waterfall: its depth and its offset from the trace's start. */
    public record Row(Span span, int depth, long offsetMicros) {}

    /** The spans of a Zipkin v2 trace (a JSON array); fields Zipkin omits become null or 0. */
    public static List<Span> spans(JsonNode trace) {
        List<Span> spans = new ArrayList<>();
        for (JsonNode s : trace) {
            spans.add(new Span(s.path("id").asText(), s.path("parentId").asText(null),
                    s.path("localEndpoint").path("serviceName").asText("?"), s.path("name").asText(""),
                    s.path("kind").asText(null), s.path("timestamp").asLong(0), s.path("duration").asLong(0)));
        }
        return spans;
    }

    /** Depth-first, siblings by start (ties by name), so a line's children are right below it. */
    public static List<Row> rows(List<Span> spans) {
        if (spans.isEmpty()) {
            return List.of();
        }
        long start = start(spans);
        Set<String> ids = new HashSet<>();
        spans.forEach(s -> ids.add(s.id()));
        Map<String, List<Span>> children = new HashMap<>();
        List<Span> roots = new ArrayList<>();
        for (Span s : spans) {
            if (s.parentId() == null || !ids.contains(s.parentId()) || s.parentId().equals(s.id())) {
                roots.add(s);
            } else {
                children.computeIfAbsent(s.parentId(), p -> new ArrayList<>()).add(s);
            }
        }
        Comparator<Span> byStart = Comparator.comparingLong(Span::startMicros).thenComparing(Span::name);
        roots.sort(byStart);
        children.values().forEach(list -> list.sort(byStart));
        List<Row> rows = new ArrayList<>();
        Set<Span> placed = new LinkedHashSet<>();
        for (Span root : roots) {
            place(root, 0, start, children, rows, placed);
        }
        return rows;
    }

    private static void place(Span span, int depth, long start, Map<String, List<Span>> children, List<Row> rows,
                              Set<Span> placed) {
        if (!placed.add(span)) {
            return; // a span listed twice (Zipkin may merge shared ids): once is enough, and no cycle loops
        }
        rows.add(new Row(span, depth, span.startMicros() - start));
        for (Span child : children.getOrDefault(span.id(), List.of())) {
            place(child, depth + 1, start, children, rows, placed);
        }
    }

    /** The trace's first start, in microseconds. */
    public static long start(List<Span> spans) {
        return spans.stream().mapToLong(Span::startMicros).min().orElse(0);
    }

    /** From the first start to the last end, in microseconds (at least 1, so bars can be scaled). */
    public static long duration(List<Span> spans) {
        long end = spans.stream().mapToLong(s -> s.startMicros() + s.durationMicros()).max().orElse(0);
        return Math.max(1, end - start(spans));
    }

    /**
     * The waterfall as text: a header line, then per span
     * {@code <offset ms> <duration ms> |<bar>| <indent><service> <name> [kind]}.
     */
    public static String render(List<Span> spans) {
        if (spans.isEmpty()) {
            return "";
        }
        long total = duration(spans);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%10s %10s  %-" + (BAR_WIDTH + 2) + "s  %s%n",
                "START ms", "DURATION", "0" + " ".repeat(BAR_WIDTH - 8) + ms(total) + " ms", "SERVICE  SPAN"));
        for (Row row : rows(spans)) {
            Span s = row.span();
            text.append(String.format(Locale.ROOT, "%10s %10s  |%s|  %s%s  %s%s%n", ms(row.offsetMicros()),
                    ms(s.durationMicros()), bar(row.offsetMicros(), s.durationMicros(), total), "  ".repeat(row.depth()),
                    s.service(), s.name(), s.kind() == null ? "" : " [" + s.kind().toLowerCase(Locale.ROOT) + "]"));
        }
        return text.toString();
    }

    /** {@code BAR_WIDTH} columns: spaces before the span's start, '=' over its duration (at least one column). */
    static String bar(long offsetMicros, long durationMicros, long totalMicros) {
        int from = (int) Math.min(BAR_WIDTH - 1, Math.max(0, offsetMicros * BAR_WIDTH / totalMicros));
        int length = (int) Math.max(1, Math.round((double) durationMicros * BAR_WIDTH / totalMicros));
        length = Math.min(length, BAR_WIDTH - from);
        return " ".repeat(from) + "=".repeat(length) + " ".repeat(BAR_WIDTH - from - length);
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }
}
