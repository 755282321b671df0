package io.firedrill.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.firedrill.stack.trace.OrderLogs;
import io.firedrill.stack.trace.Waterfall;
import io.firedrill.stack.trace.ZipkinTraces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code firedrill-stack trace ORDER_ID}: what support needs about one order in one screen. The order's lines from
 * every service's and the relay's log, merged by time, then the order's traces from Zipkin as waterfalls. The trace
 * ids come from the log lines themselves (their {@code trace_id}), not from the saga table: the logs already carry
 * them, and the command then needs no database credentials and works on any copy of the logs.
 */
@Command(name = "trace", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Every log line about one order from every service and cdc-relay (its MDC order_id is the order, or its "
                        + "message names it), merged by time; then each trace id those lines carry, fetched from Zipkin and "
                        + "shown as an indented span waterfall (offset and duration in ms, a bar on the trace's duration) "
                        + "with its Zipkin link. Several trace ids (a broken propagation, a background job) are each shown, "
                        + "with the lines that carry them.",
                "Exit 0 when log lines were found, also if Zipkin did not answer or holds no spans (the logs are the "
                        + "answer; the reason is printed); 1 when no log line mentions the order; 2 for a usage error "
                        + "(ORDER_ID not a UUID, bad --since)."},
        footer = {"", "Examples:",
                "  firedrill-stack trace 30d0eb16-48bc-4a29-bdf5-bb6bc68dfee2",
                "  firedrill-stack trace --no-trace --since 2h 30d0eb16-...",
                "  firedrill-stack trace --json 30d0eb16-... | jq '.traces[].link'",
                "A failed request (500 problem+json) names its traceId: open",
                "<zipkin>/zipkin/traces/<traceId>, or grep it in .firedrill/*/*.log."})
final class TraceCommand implements Callable<Integer> {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern RELATIVE = Pattern.compile("(\\d+)([smhd])");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final int MESSAGE_WIDTH = 180;

    @CommandLine.ParentCommand StackCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ORDER_ID", description = "The order's id (a UUID, as the checkout API returned it).")
    String orderId;

    @Option(names = "--json", description = "Print one JSON document (order, files, lines, traces with spans) instead of text.")
    boolean json;

    @Option(names = "--no-trace", description = "Only the log lines; do not ask Zipkin.")
    boolean noTrace;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only lines from then on: an instant "
            + "(2026-12-07T19:46:00Z) or an age (30m, 2h, 1d).")
    String since;

    @Option(names = "--limit", defaultValue = "500", paramLabel = "N", description = "Print at most the first N lines "
            + "(0: all; default ${DEFAULT-VALUE}); the header and the traces still count them all.")
    int limit;

    @Option(names = "--zipkin", paramLabel = "URL", description = "Zipkin's base URL. Default: the stack's "
            + "(FIREDRILL_ZIPKIN_URL in .firedrill/stack.json, else the port block's).")
    String zipkinUrl;

    @Override
    public Integer call() throws IOException {
        if (!UUID_TEXT.matcher(orderId).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "ORDER_ID '" + orderId + "' is not a UUID; an "
                    + "order id looks like 30d0eb16-48bc-4a29-bdf5-bb6bc68dfee2");
        }
        String order = orderId.toLowerCase(Locale.ROOT);
        Instant from = since == null ? null : since(since);
        Stack stack = parent.stack();
        Map<String, Path> logs = new LinkedHashMap<>();
        for (String service : stack.serviceNames()) {
            logs.put(service, stack.layout().logFile(service));
        }
        List<String> searched = logs.values().stream().filter(Files::isRegularFile).map(Path::toString).toList();
        List<OrderLogs.Line> lines = OrderLogs.about(order, logs, from);
        if (lines.isEmpty()) {
            parent.err.println("no log line mentions order " + order + (from == null ? "" : " since " + from) + " in "
                    + (searched.isEmpty() ? "any file: none of " + logs.values() + " exists (have the services run?)"
                            : String.join(", ", searched)));
            return 1;
        }
        Map<String, Map<String, Integer>> traceIds = OrderLogs.traces(lines);
        ZipkinTraces zipkin = new ZipkinTraces(zipkinUrl != null ? zipkinUrl : stackZipkin(stack.layout()),
                Duration.ofSeconds(5));
        List<TraceResult> traces = new ArrayList<>();
        String zipkinFailure = null;
        for (Map.Entry<String, Map<String, Integer>> trace : traceIds.entrySet()) {
            List<Waterfall.Span> spans = List.of();
            if (!noTrace && zipkinFailure == null) {
                try {
                    spans = zipkin.trace(trace.getKey());
                } catch (IOException e) {
                    zipkinFailure = "Zipkin at " + zipkin.baseUrl() + " did not answer: " + e.getMessage();
                }
            }
            traces.add(new TraceResult(trace.getKey(), trace.getValue(), spans, zipkin.link(trace.getKey())));
        }
        if (json) {
            printJson(order, searched, lines, traces, zipkinFailure);
        } else {
            printText(order, searched, lines, traces, zipkinFailure);
        }
        return 0;
    }

    private record TraceResult(String traceId, Map<String, Integer> linesByService, List<Waterfall.Span> spans, String link) {}

    private void printText(String order, List<String> searched, List<OrderLogs.Line> lines, List<TraceResult> traces,
                           String zipkinFailure) {
        var out = parent.out;
        Set<String> services = new TreeSet<>();
        lines.forEach(l -> services.add(l.service()));
        Instant first = lines.get(0).time();
        Instant last = lines.get(lines.size() - 1).time();
        out.printf("order %s: %d log line(s) from %s%n", order, lines.size(), String.join(", ", services));
        if (first != null && last != null) {
            out.printf("  %s .. %s (%s)%n", first, last, seconds(Duration.between(first, last)));
        }
        out.println("  searched " + String.join(", ", searched));
        out.println("  trace ids: " + (traces.isEmpty() ? "none (no line carries a trace_id)"
                : traces.stream().map(t -> t.traceId() + " (" + t.linesByService().values().stream()
                        .mapToInt(Integer::intValue).sum() + " line(s))").collect(Collectors.joining(", "))));
        out.println();
        boolean several = traces.size() > 1;
        int shown = limit <= 0 ? lines.size() : Math.min(limit, lines.size());
        for (OrderLogs.Line line : lines.subList(0, shown)) {
            String marker = several && line.traceId() != null ? " [" + line.traceId().substring(0, 8) + "]" : "";
            out.printf("%s  %-20s %-5s %s%s%n", line.time() == null ? "--:--:--.---" : CLOCK.format(line.time()),
                    line.service(), line.level(), trim(line.message()), marker);
        }
        if (shown < lines.size()) {
            out.printf("... %d more line(s); --limit 0 prints all%n", lines.size() - shown);
        }
        long untraced = lines.stream().filter(l -> l.traceId() == null).count();
        if (untraced > 0 && !traces.isEmpty()) {
            out.printf("%d line(s) carry no trace id (written outside a request or message: a sweeper, the reaper)%n",
                    untraced);
        }
        if (noTrace) {
            return;
        }
        for (TraceResult trace : traces) {
            out.println();
            out.printf("trace %s: log lines from %s%n", trace.traceId(), trace.linesByService().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            if (zipkinFailure == null) {
                if (trace.spans().isEmpty()) {
                    out.println("  Zipkin has no spans for it (not sampled, not exported yet, or evicted from its memory)");
                } else {
                    Set<String> spanServices = new LinkedHashSet<>();
                    Waterfall.rows(trace.spans()).forEach(row -> spanServices.add(row.span().service()));
                    out.printf("  %d spans from %s over %s ms%n", trace.spans().size(), String.join(", ", spanServices),
                            String.format(Locale.ROOT, "%.1f", Waterfall.duration(trace.spans()) / 1000.0));
                    out.print(Waterfall.render(trace.spans()));
                }
            }
            out.println("Zipkin: " + trace.link());
        }
        if (zipkinFailure != null) {
            out.println();
            out.println(zipkinFailure);
        }
    }

    private void printJson(String order, List<String> searched, List<OrderLogs.Line> lines, List<TraceResult> traces,
                           String zipkinFailure) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("orderId", order);
        doc.put("files", searched);
        doc.put("services", lines.stream().map(OrderLogs.Line::service).collect(Collectors.toCollection(TreeSet::new)));
        doc.put("from", String.valueOf(lines.get(0).time()));
        doc.put("to", String.valueOf(lines.get(lines.size() - 1).time()));
        List<Map<String, Object>> jsonLines = new ArrayList<>();
        for (OrderLogs.Line line : limit <= 0 ? lines : lines.subList(0, Math.min(limit, lines.size()))) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("time", String.valueOf(line.time()));
            l.put("service", line.service());
            l.put("level", line.level());
            l.put("message", line.message());
            l.put("traceId", line.traceId());
            jsonLines.add(l);
        }
        doc.put("lineCount", lines.size());
        doc.put("lines", jsonLines);
        List<Map<String, Object>> jsonTraces = new ArrayList<>();
        for (TraceResult trace : traces) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("traceId", trace.traceId());
            t.put("link", trace.link());
            t.put("logLinesByService", trace.linesByService());
            List<Map<String, Object>> spans = new ArrayList<>();
            for (Waterfall.Row row : Waterfall.rows(trace.spans())) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("id", row.span().id());
                s.put("parentId", row.span().parentId());
                s.put("depth", row.depth());
                s.put("service", row.span().service());
                s.put("name", row.span().name());
                s.put("kind", row.span().kind());
                s.put("offsetMs", row.offsetMicros() / 1000.0);
                s.put("durationMs", row.span().durationMicros() / 1000.0);
                spans.add(s);
            }
            t.put("spans", spans);
            jsonTraces.add(t);
        }
        doc.put("traces", jsonTraces);
        doc.put("zipkin", noTrace ? "skipped (--no-trace)" : zipkinFailure == null ? "ok" : zipkinFailure);
        parent.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    }

    /** The stack's Zipkin: from the endpoints `up` wrote, else where the port block puts it. */
    private static String stackZipkin(StackLayout layout) {
        if (Files.isRegularFile(layout.jsonFile())) {
            try {
                return Endpoints.read(layout.jsonFile()).zipkinUrl();
            } catch (StackException e) {
                // a torn endpoints file: the port block still says where Zipkin listens
            }
        }
        return Endpoints.of(layout.ports()).zipkinUrl();
    }

    private Instant since(String text) {
        Matcher relative = RELATIVE.matcher(text);
        if (relative.matches()) {
            long n = Long.parseLong(relative.group(1));
            Duration age = switch (relative.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return Instant.now().minus(age);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--since '" + text + "' is neither an instant "
                    + "(2026-12-07T19:46:00Z) nor an age (30m, 2h, 1d)");
        }
    }

    private static String trim(String message) {
        String one = message.replace("\r", "").replace("\n", " | ");
        return one.length() > MESSAGE_WIDTH ? one.substring(0, MESSAGE_WIDTH - 3) + "..." : one;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f s", d.toMillis() / 1000.0);
    }
}
