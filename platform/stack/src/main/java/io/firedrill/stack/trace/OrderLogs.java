package io.firedrill.stack.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every log line about one order, from the JSON (ECS) logs of several services, merged by time. A line is about the
 * order when its MDC {@code order_id} is the order, or when its message names it (a line written outside the order's
 * MDC scope, e.g. "order X placed" or a relay line). Reads files only: no stack, no database, so it is tested with
 * canned files and works on logs copied from another machine.
 */
public final class OrderLogs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OrderLogs() {}

    /**
     * One log line: when, which service wrote it, level, message (with the exception's type and message for a line
     * that carries one), its trace id (null if none) and the file it came from. A line that is not JSON (a JVM's
     * own output) keeps the time of the JSON line before it in its file, level "-", and the raw text as message.
     */
    public record Line(Instant time, String service, String level, String message, String traceId, String orderId,
                       String file) {}

    /**
     * The lines about {@code orderId} in {@code logs} (service name → log file; a missing file is skipped), oldest
     * first; lines of the same instant keep their file order. {@code since} (nullable) drops older lines.
     */
    public static List<Line> about(String orderId, Map<String, Path> logs, Instant since) {
        List<Line> found = new ArrayList<>();
        for (Map.Entry<String, Path> log : logs.entrySet()) {
            if (Files.isRegularFile(log.getValue())) {
                found.addAll(read(orderId, log.getKey(), log.getValue()));
            }
        }
        // A stable sort: lines of one file written in the same microsecond stay in the order they were written.
        found.sort(Comparator.comparing(Line::time, Comparator.nullsFirst(Comparator.naturalOrder())));
        if (since != null) {
            found.removeIf(line -> line.time() != null && line.time().isBefore(since));
        }
        return found;
    }

    private static List<Line> read(String orderId, String service, Path file) {
        List<Line> found = new ArrayList<>();
        Instant last = null;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                boolean mentions = text.contains(orderId);
                JsonNode json = text.startsWith("{") ? parse(text) : null;
                Instant time = json == null ? null : instant(json.path("@timestamp").asText(null));
                if (time != null) {
                    last = time;
                }
                if (!mentions) {
                    continue;
                }
                if (json == null) {
                    found.add(new Line(last, service, "-", text.strip(), null, null, file.toString()));
                    continue;
                }
                String mdcOrder = json.path("order_id").asText(null);
                String message = json.path("message").asText("");
                if (!orderId.equals(mdcOrder) && !message.contains(orderId)) {
                    continue; // another order's line that names this one only in some other field
                }
                JsonNode error = json.path("error");
                if (error.has("type")) {
                    message += " [" + error.path("type").asText() + ": " + error.path("message").asText("") + "]";
                }
                found.add(new Line(time != null ? time : last, json.path("service").path("name").asText(service),
                        json.path("log").path("level").asText("-"), message, json.path("trace_id").asText(null),
                        mdcOrder, file.toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** The trace ids of the lines, in the order they first appear, each with its number of lines per service. */
    public static Map<String, Map<String, Integer>> traces(List<Line> lines) {
        Map<String, Map<String, Integer>> traces = new LinkedHashMap<>();
        for (Line line : lines) {
            if (line.traceId() != null && !line.traceId().isBlank()) {
                traces.computeIfAbsent(line.traceId(), id -> new LinkedHashMap<>()).merge(line.service(), 1, Integer::sum);
            }
        }
        return traces;
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null; // a torn last line of a log that is being written, or a JVM message starting with '{'
        }
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
