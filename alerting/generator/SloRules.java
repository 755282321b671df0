import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes {@code alerting/rules/<profile>/} for every alert profile of {@code alerting/profiles.properties}:
 * <ul>
 *   <li>{@code slo-<name>.yml} from each {@code alerting/slo/<name>.yml}: Sloth/Pyrra-style SLI recording rules
 *       ({@code slo:sli_error:ratio_rate5m} ... {@code ratio_rate3d}, plus budget metadata), multi-window
 *       multi-burn-rate alerts (page: 14.4x over 1h and 5m, or 6x over 6h and 30m; ticket: 3x over 1d and 2h, or
 *       1x over 3d and 6h, as in the SRE workbook) and an {@code absent()} guard on the SLI's series;</li>
 *   <li>{@code <file>.yml} from each hand-written {@code alerting/symptoms/<file>.yml}, whose durations are written
 *       in production time: every range {@code [10m]}, {@code offset 10m} and {@code for: 10m} is divided by the
 *       profile's time_factor and raised to its min_range / min_for (production: unchanged); a
 *       {@code keep_firing_for: 1m} is divided too but raised to min_range, like a range: it holds an alert (and the
 *       inhibitions it sources) while what it explains recovers, and that recovery does not compress.</li>
 * </ul>
 * Recording rules keep their production window names in every profile, so dashboards and alerts read the same
 * series; only the windows behind them shrink in the demo profile.
 *
 * <p>Run from the checkout: {@code java alerting/generator/SloRules.java [--out DIR]} (default
 * {@code alerting/rules}). Java 17 single-file source, no dependencies: the spec format is a small YAML subset
 * (nested maps, plain/quoted scalars, {@code |} and {@code >} blocks), parsed here by hand.
 * scripts/check-alerting.sh regenerates into a temporary folder and fails on any difference.
 */
public class SloRules {

    static final String SELF = "alerting/generator/SloRules.java";

    /** Burn-rate windows in production time; recording rules are named after them. */
    static final List<String> WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");
    static final String PERIOD = "30d";

    /** One burn-rate condition: error ratio over both windows above factor x budget. */
    record Burn(String factor, String longWindow, String shortWindow, String budgetLasts) {}

    static final List<Burn> PAGE = List.of(new Burn("14.4", "1h", "5m", "2 days"), new Burn("6", "6h", "30m", "5 days"));
    static final List<Burn> TICKET = List.of(new Burn("3", "1d", "2h", "10 days"), new Burn("1", "3d", "6h", "30 days"));
    static final String PAGE_FOR = "2m";
    static final String TICKET_FOR = "15m";
    static final String GUARD_FOR = "10m";

    public static void main(String[] args) throws IOException {
        Path alerting = Path.of("alerting");
        Path out = alerting.resolve("rules");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--alerting" -> alerting = Path.of(args[++i]);
                default -> fail("usage: java " + SELF + " [--alerting DIR] [--out DIR]  (unknown argument " + args[i] + ")");
            }
        }
        if (!Files.isRegularFile(alerting.resolve("profiles.properties"))) {
            fail("no " + alerting.resolve("profiles.properties") + ": run from the checkout root or pass --alerting");
        }
        List<Profile> profiles = Profile.load(alerting.resolve("profiles.properties"));
        List<Slo> slos = new ArrayList<>();
        for (Path spec : yamlFiles(alerting.resolve("slo"))) {
            slos.add(Slo.parse(spec, alerting));
        }
        List<Path> symptoms = yamlFiles(alerting.resolve("symptoms"));
        int files = 0;
        for (Profile profile : profiles) {
            Path dir = out.resolve(profile.name());
            Files.createDirectories(dir);
            // Everything in a profile folder is generated: clear it so a removed spec leaves no stale rules.
            for (Path old : yamlFiles(dir)) {
                Files.delete(old);
            }
            for (Slo slo : slos) {
                Files.writeString(dir.resolve("slo-" + slo.name() + ".yml"), slo.rules(profile));
                files++;
            }
            for (Path source : symptoms) {
                Files.writeString(dir.resolve(source.getFileName().toString()), symptomRules(source, alerting, profile));
                files++;
            }
        }
        System.out.printf("SloRules: %d SLOs, %d symptom files, %d profiles -> %d files under %s%n",
                slos.size(), symptoms.size(), profiles.size(), files, out);
    }

    static List<Path> yamlFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList();
        }
    }

    static void fail(String message) {
        System.err.println("SloRules: " + message);
        System.exit(2);
    }

    // ---------------------------------------------------------------- profiles and durations

    /** How a profile compresses time: durations / factor, at least minRange (ranges, offsets) or minFor. */
    record Profile(String name, long factor, long minRangeSeconds, long minForSeconds) {

        static List<Profile> load(Path file) throws IOException {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            List<String> names = p.stringPropertyNames().stream().map(k -> k.substring(0, k.indexOf('.')))
                    .distinct().sorted().toList();
            List<Profile> profiles = new ArrayList<>();
            for (String name : names) {
                profiles.add(new Profile(name, Long.parseLong(required(p, file, name + ".time_factor")),
                        Duration.seconds(required(p, file, name + ".min_range")),
                        Duration.seconds(required(p, file, name + ".min_for"))));
            }
            return profiles;
        }

        private static String required(Properties p, Path file, String key) {
            String v = p.getProperty(key);
            if (v == null || v.isBlank()) {
                fail(file + ": missing " + key);
            }
            return v.trim();
        }

        boolean identity() { return factor == 1 && minRangeSeconds == 0 && minForSeconds == 0; }

        String range(String production) {
            return identity() ? production : Duration.format(scale(Duration.seconds(production), minRangeSeconds));
        }

        String forDuration(String production) {
            long s = Duration.seconds(production);
            return identity() || s == 0 ? production : Duration.format(scale(s, minForSeconds));
        }

        private long scale(long seconds, long min) {
            return Math.max((seconds + factor - 1) / factor, min);
        }

        String describe() {
            return identity() ? "real windows"
                    : "windows, offsets and `for` divided by " + factor + ", ranges at least "
                      + Duration.format(minRangeSeconds) + ", `for` at least " + Duration.format(minForSeconds);
        }
    }

    /** Prometheus durations in whole seconds (d, h, m, s; w and y accepted on input). */
    static final class Duration {
        static final Pattern TOKEN = Pattern.compile("(\\d+)(ms|[smhdwy])");
        static final String REGEX = "(?:\\d+(?:ms|[smhdwy]))+";

        static long seconds(String text) {
            Matcher m = TOKEN.matcher(text.trim());
            long total = 0;
            int end = 0;
            while (m.find()) {
                if (m.start() != end) {
                    break;
                }
                long n = Long.parseLong(m.group(1));
                total += switch (m.group(2)) {
                    case "ms" -> n / 1000;
                    case "s" -> n;
                    case "m" -> n * 60;
                    case "h" -> n * 3600;
                    case "d" -> n * 86400;
                    case "w" -> n * 7 * 86400;
                    default -> n * 365 * 86400;
                };
                end = m.end();
            }
            if (end == 0 || end != text.trim().length()) {
                throw new IllegalArgumentException("not a duration: '" + text + "'");
            }
            return total;
        }

        static String format(long seconds) {
            if (seconds == 0) {
                return "0s";
            }
            StringBuilder b = new StringBuilder();
            long[] sizes = {86400, 3600, 60, 1};
            String[] units = {"d", "h", "m", "s"};
            for (int i = 0; i < sizes.length; i++) {
                if (seconds >= sizes[i]) {
                    b.append(seconds / sizes[i]).append(units[i]);
                    seconds %= sizes[i];
                }
            }
            return b.toString();
        }
    }

    // ---------------------------------------------------------------- symptom rules

    static final Pattern RANGE = Pattern.compile("\\[(" + Duration.REGEX + ")(?::(" + Duration.REGEX + "))?]");
    static final Pattern OFFSET = Pattern.compile("\\boffset\\s+(" + Duration.REGEX + ")");
    static final Pattern FOR = Pattern.compile("^(\\s*for:\\s*)(" + Duration.REGEX + ")(\\s*)$");
    static final Pattern KEEP_FIRING_FOR = Pattern.compile("^(\\s*keep_firing_for:\\s*)(" + Duration.REGEX + ")(\\s*)$");

    static String symptomRules(Path source, Path alerting, Profile profile) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# generated by ").append(SELF).append(" from ").append(relative(alerting, source))
                .append(" for the ").append(profile.name()).append(" profile (").append(profile.describe()).append(");\n")
                .append("# do not edit: edit the source and run `java ").append(SELF).append("`.\n");
        for (String line : Files.readAllLines(source)) {
            out.append(line.trim().startsWith("#") ? line : scaleLine(line, profile)).append('\n');
        }
        return out.toString();
    }

    static String scaleLine(String line, Profile profile) {
        Matcher f = FOR.matcher(line);
        if (f.matches()) {
            return f.group(1) + profile.forDuration(f.group(2)) + f.group(3);
        }
        Matcher k = KEEP_FIRING_FOR.matcher(line);
        if (k.matches()) {
            return k.group(1) + profile.range(k.group(2)) + k.group(3);
        }
        line = replaceAll(RANGE, line, m -> "[" + profile.range(m.group(1))
                + (m.group(2) == null ? "" : ":" + profile.range(m.group(2))) + "]");
        return replaceAll(OFFSET, line, m -> "offset " + profile.range(m.group(1)));
    }

    static String replaceAll(Pattern p, String text, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(f.apply(m)));
        }
        m.appendTail(b);
        return b.toString();
    }

    static String relative(Path alerting, Path file) {
        Path root = alerting.toAbsolutePath().normalize().getParent();
        return root.relativize(file.toAbsolutePath().normalize()).toString();
    }

    // ---------------------------------------------------------------- SLOs

    /**
     * One SLO spec. {@code error} and {@code total} are PromQL with {@code {{window}}} where the range goes, each
     * aggregated to a single series without labels (e.g. {@code sum(rate(x[{{window}}]))}). {@code dashboard} is the
     * Grafana path ({@code d/<uid>?viewPanel=<id>}) of the panel showing the SLI, written as the {@code dashboard}
     * annotation of the page, the ticket and the guard alike (AlertLint checks the uid and panel exist).
     */
    record Slo(Path source, String name, String title, String service, BigDecimal objectivePercent, String description,
               String error, String total, String guard, String prepareRecord, String prepareExpr,
               String page, String ticket, String absent, String dashboard, Map<String, String> labels,
               String sourceName) {

        static Slo parse(Path file, Path alerting) throws IOException {
            Map<String, Object> y = MiniYaml.parse(file);
            Map<String, Object> sli = MiniYaml.map(y, "sli", file);
            Map<String, Object> alerts = MiniYaml.map(y, "alerts", file);
            Map<String, Object> prepare = sli.containsKey("prepare") ? MiniYaml.map(sli, "prepare", file) : Map.of();
            Map<String, String> labels = new LinkedHashMap<>();
            if (y.containsKey("labels")) {
                MiniYaml.map(y, "labels", file).forEach((k, v) -> labels.put(k, String.valueOf(v)));
            }
            String name = MiniYaml.text(y, "name", file);
            String expected = file.getFileName().toString().replaceFirst("\\.yml$", "");
            if (!name.equals(expected)) {
                fail(file + ": name '" + name + "' must match the file name '" + expected + "'");
            }
            BigDecimal objective = new BigDecimal(MiniYaml.text(y, "objective", file));
            if (objective.compareTo(BigDecimal.ZERO) <= 0 || objective.compareTo(new BigDecimal(100)) >= 0) {
                fail(file + ": objective must be a percentage between 0 and 100 (exclusive), got " + objective);
            }
            String error = MiniYaml.text(sli, "error", file);
            String total = MiniYaml.text(sli, "total", file);
            for (String q : List.of(error, total)) {
                if (!q.contains("{{window}}")) {
                    fail(file + ": every SLI query needs {{window}} where the range goes: " + q);
                }
            }
            return new Slo(file, name, MiniYaml.text(y, "title", file), MiniYaml.text(y, "service", file), objective,
                    MiniYaml.text(y, "description", file), error, total, MiniYaml.text(sli, "guard", file),
                    prepare.isEmpty() ? null : MiniYaml.text(prepare, "record", file),
                    prepare.isEmpty() ? null : MiniYaml.text(prepare, "expr", file),
                    MiniYaml.text(alerts, "page", file), MiniYaml.text(alerts, "ticket", file),
                    MiniYaml.text(alerts, "absent", file), MiniYaml.text(y, "dashboard", file), labels,
                    relative(alerting, file));
        }

        BigDecimal objectiveRatio() { return objectivePercent.movePointLeft(2); }

        BigDecimal budget() { return BigDecimal.ONE.subtract(objectiveRatio()); }

        String selector() { return "{slo=\"" + name + "\"}"; }

        String rules(Profile p) {
            StringBuilder b = new StringBuilder();
            b.append("# generated by ").append(SELF).append(" from ").append(sourceName).append(" for the ")
                    .append(p.name()).append(" profile; do not edit:\n")
                    .append("# edit the spec and run `java ").append(SELF).append("`.\n")
                    .append("# SLO ").append(name).append(": ").append(plain(objectivePercent)).append("% over ")
                    .append(PERIOD).append(" (").append(oneLine(description)).append(")\n");
            if (!p.identity()) {
                b.append("# ").append(p.name()).append(" profile: ").append(p.describe()).append(". Window behind each name:");
                for (String w : WINDOWS) {
                    b.append(' ').append(w).append('=').append(p.range(w));
                }
                b.append(' ').append(PERIOD).append('=').append(p.range(PERIOD)).append(".\n");
            }
            b.append("groups:\n");
            b.append("  - name: slo-").append(name).append("\n    rules:\n");
            if (prepareRecord != null) {
                b.append("      # The SLI's per-evaluation indicator, read by the error and total queries below.\n");
                recording(b, prepareRecord, prepareExpr, Map.of());
            }
            for (String w : WINDOWS) {
                String window = p.range(w);
                // No error series means no errors (counters may appear only with their first event); no traffic
                // means no ratio at all rather than NaN, which would poison the 30-day average.
                String expr = "(\n" + indent(error.replace("{{window}}", window), 2) + "\n  or\n  vector(0)\n)\n/\n(\n"
                        + indent(total.replace("{{window}}", window), 2) + "\n  > 0\n)";
                recording(b, "slo:sli_error:ratio_rate" + w, expr, sloLabels());
            }
            b.append("      # Metadata and the 30-day view (average of the 5m ratios, as Sloth does) for dashboards.\n");
            recording(b, "slo:objective:ratio", "vector(" + plain(objectiveRatio()) + ")", sloLabels());
            recording(b, "slo:error_budget:ratio", "vector(" + plain(budget()) + ")", sloLabels());
            recording(b, "slo:time_period:days", "vector(30)", sloLabels());
            recording(b, "slo:sli_error:ratio_rate" + PERIOD,
                    "avg_over_time(slo:sli_error:ratio_rate5m" + selector() + "[" + p.range(PERIOD) + "])", Map.of());
            recording(b, "slo:current_burn_rate:ratio",
                    "slo:sli_error:ratio_rate5m" + selector() + "\n/\nslo:error_budget:ratio" + selector(),
                    Map.of());
            recording(b, "slo:period_burn_rate:ratio",
                    "slo:sli_error:ratio_rate" + PERIOD + selector() + "\n/\nslo:error_budget:ratio" + selector(),
                    Map.of());
            recording(b, "slo:period_error_budget_remaining:ratio", "1 - slo:period_burn_rate:ratio" + selector(), Map.of());

            burnAlert(b, p, page, "page", PAGE, PAGE_FOR, "fast");
            burnAlert(b, p, ticket, "ticket", TICKET, TICKET_FOR, "slowly");
            guardAlert(b, p);
            return b.toString();
        }

        Map<String, String> sloLabels() {
            Map<String, String> l = new LinkedHashMap<>();
            l.put("slo", name);
            l.put("service", service);
            l.putAll(labels);
            return l;
        }

        void burnAlert(StringBuilder b, Profile p, String alert, String severity, List<Burn> burns, String forProd,
                       String pace) {
            List<String> branches = new ArrayList<>();
            StringBuilder windows = new StringBuilder();
            for (Burn burn : burns) {
                String threshold = "(" + burn.factor() + " * " + plain(budget()) + ")";
                branches.add("(\n  slo:sli_error:ratio_rate" + burn.longWindow() + selector() + " > " + threshold
                        + "\n  and\n  slo:sli_error:ratio_rate" + burn.shortWindow() + selector() + " > " + threshold + "\n)");
                if (windows.length() > 0) {
                    windows.append(", or ");
                }
                windows.append(burn.factor()).append("x (").append(percent(new BigDecimal(burn.factor()).multiply(budget())))
                        .append(") over ").append(p.range(burn.longWindow())).append(" and ").append(p.range(burn.shortWindow()))
                        .append(", budget gone in ").append(burn.budgetLasts());
            }
            b.append("      - alert: ").append(alert).append('\n');
            b.append("        expr: |-\n").append(indent(String.join("\nor\n", branches), 10)).append('\n');
            b.append("        for: ").append(p.forDuration(forProd)).append('\n');
            b.append("        labels:\n");
            b.append("          severity: ").append(severity).append('\n');
            b.append("          kind: slo\n");
            b.append("        annotations:\n");
            annotation(b, "summary", title + " is burning its error budget " + pace + " (SLO " + plain(objectivePercent)
                    + "% over " + PERIOD + ").");
            annotation(b, "description", "Error ratio {{ $value | humanizePercentage }} over the long window; "
                    + severity + " threshold: " + windows + ". Budget: " + percent(budget()) + " of "
                    + oneLine(description) + ".");
            annotation(b, "runbook_url", runbook(alert));
            annotation(b, "dashboard", dashboard);
        }

        void guardAlert(StringBuilder b, Profile p) {
            b.append("      - alert: ").append(absent).append('\n');
            b.append("        expr: |-\n");
            b.append(indent("absent(" + guard + ")\nand on ()\n(count(up{job=\"services\"} == 1) > 0)", 10)).append('\n');
            b.append("        for: ").append(p.forDuration(GUARD_FOR)).append('\n');
            b.append("        labels:\n");
            b.append("          severity: ticket\n");
            b.append("          kind: guard\n");
            sloLabels().forEach((k, v) -> b.append("          ").append(k).append(": ").append(quote(v)).append('\n'));
            b.append("        annotations:\n");
            annotation(b, "summary", "The " + title.toLowerCase(Locale.ROOT) + " SLI has no data: " + guard
                    + " is not scraped.");
            annotation(b, "description", "No series matches " + guard + " while other services are scraped, so "
                    + page + " and " + ticket + " cannot fire. Check the service that exports it (" + service
                    + " owns this SLO): is it running, and does it still expose the metric (renamed, or created only"
                    + " with its first event)?");
            annotation(b, "runbook_url", runbook(absent));
            // The guard shows the same panel: with the SLI's series gone it reads "No data", which is the story.
            annotation(b, "dashboard", dashboard);
        }
    }

    static String runbook(String alert) {
        return "runbooks/alerts.md#" + alert.toLowerCase(Locale.ROOT);
    }

    static void recording(StringBuilder b, String record, String expr, Map<String, String> labels) {
        b.append("      - record: ").append(record).append('\n');
        b.append("        expr: |-\n").append(indent(expr, 10)).append('\n');
        if (!labels.isEmpty()) {
            b.append("        labels:\n");
            labels.forEach((k, v) -> b.append("          ").append(k).append(": ").append(quote(v)).append('\n'));
        }
    }

    static void annotation(StringBuilder b, String key, String value) {
        b.append("          ").append(key).append(": ").append(quote(value)).append('\n');
    }

    static String indent(String text, int spaces) {
        String pad = " ".repeat(spaces);
        StringBuilder b = new StringBuilder();
        for (String line : text.strip().split("\n")) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(line.isBlank() ? "" : pad + line.stripTrailing());
        }
        return b.toString();
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ").replaceAll("\\.$", "");
    }

    static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    static String percent(BigDecimal ratio) {
        return plain(ratio.movePointRight(2).round(new MathContext(4))) + "%";
    }

    /** A YAML double-quoted scalar. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---------------------------------------------------------------- the YAML subset of the specs

    /** Nested maps of scalars; values are String or Map. Lists, anchors and flow style are refused. */
    static final class MiniYaml {
        private final List<String> lines;
        private final Path file;
        private int i;

        private MiniYaml(List<String> lines, Path file) {
            this.lines = lines;
            this.file = file;
        }

        static Map<String, Object> parse(Path file) {
            try {
                MiniYaml y = new MiniYaml(Files.readAllLines(file), file);
                y.skipBlank();
                Map<String, Object> root = y.map(0);
                y.skipBlank();
                if (y.i < y.lines.size()) {
                    y.error("unexpected indentation");
                }
                return root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static String text(Map<String, Object> m, String key, Path file) {
            Object v = m.get(key);
            if (!(v instanceof String s) || s.isBlank()) {
                fail(file + ": missing text '" + key + "'");
                return null;
            }
            return s;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Map<String, Object> m, String key, Path file) {
            Object v = m.get(key);
            if (!(v instanceof Map)) {
                fail(file + ": missing section '" + key + ":'");
            }
            return (Map<String, Object>) v;
        }

        private void skipBlank() {
            while (i < lines.size() && (lines.get(i).isBlank() || lines.get(i).trim().startsWith("#"))) {
                i++;
            }
        }

        private static int indentOf(String line) {
            int n = 0;
            while (n < line.length() && line.charAt(n) == ' ') {
                n++;
            }
            return n;
        }

        private Map<String, Object> map(int indent) {
            Map<String, Object> m = new LinkedHashMap<>();
            while (true) {
                skipBlank();
                if (i >= lines.size()) {
                    return m;
                }
                String line = lines.get(i);
                int n = indentOf(line);
                if (n < indent) {
                    return m;
                }
                if (n > indent) {
                    error("unexpected indentation");
                }
                if (line.contains("\t")) {
                    error("tabs are not allowed");
                }
                String content = line.substring(n);
                if (content.startsWith("- ") || content.equals("-")) {
                    error("lists are not supported in SLO specs");
                }
                int colon = content.indexOf(':');
                if (colon <= 0 || (colon + 1 < content.length() && content.charAt(colon + 1) != ' ')) {
                    error("expected 'key: value'");
                }
                String key = content.substring(0, colon).trim();
                String rest = stripComment(content.substring(colon + 1).trim());
                i++;
                if (m.containsKey(key)) {
                    i--;
                    error("duplicate key '" + key + "'");
                }
                if (rest.isEmpty()) {
                    skipBlank();
                    if (i < lines.size() && indentOf(lines.get(i)) > indent) {
                        m.put(key, map(indentOf(lines.get(i))));
                    } else {
                        m.put(key, "");
                    }
                } else if (rest.matches("[|>][-+]?")) {
                    m.put(key, block(indent, rest.charAt(0) == '>'));
                } else {
                    m.put(key, scalar(rest));
                }
            }
        }

        private String block(int parentIndent, boolean folded) {
            List<String> body = new ArrayList<>();
            int blockIndent = -1;
            while (i < lines.size()) {
                String line = lines.get(i);
                if (!line.isBlank()) {
                    int n = indentOf(line);
                    if (n <= parentIndent) {
                        break;
                    }
                    if (blockIndent < 0) {
                        blockIndent = n;
                    }
                    if (n < blockIndent) {
                        error("block lines must be indented at least as much as its first line");
                    }
                    body.add(line.substring(blockIndent).stripTrailing());
                } else {
                    body.add("");
                }
                i++;
            }
            while (!body.isEmpty() && body.get(body.size() - 1).isEmpty()) {
                body.remove(body.size() - 1);
            }
            if (body.isEmpty()) {
                error("empty block");
            }
            if (!folded) {
                return String.join("\n", body);
            }
            StringBuilder b = new StringBuilder();
            for (String l : body) {
                if (l.isEmpty()) {
                    b.append('\n');
                } else {
                    if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') {
                        b.append(' ');
                    }
                    b.append(l.trim());
                }
            }
            return b.toString();
        }

        private String scalar(String v) {
            if (v.startsWith("\"")) {
                if (!v.endsWith("\"") || v.length() < 2) {
                    error("unterminated double-quoted string");
                }
                return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            if (v.startsWith("'")) {
                if (!v.endsWith("'") || v.length() < 2) {
                    error("unterminated single-quoted string");
                }
                return v.substring(1, v.length() - 1).replace("''", "'");
            }
            if (v.startsWith("[") || v.startsWith("{") || v.startsWith("&") || v.startsWith("*")) {
                error("flow collections, anchors and aliases are not supported");
            }
            return v;
        }

        /** Drops a trailing " # comment" outside quotes. */
        private static String stripComment(String v) {
            boolean single = false;
            boolean dbl = false;
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                if (c == '\'' && !dbl) {
                    single = !single;
                } else if (c == '"' && !single) {
                    dbl = !dbl;
                } else if (c == '#' && !single && !dbl && k > 0 && v.charAt(k - 1) == ' ') {
                    return v.substring(0, k).trim();
                }
            }
            return v;
        }

        private void error(String message) {
            fail(file + ":" + (i + 1) + ": " + message + (i < lines.size() ? ": " + lines.get(i).trim() : ""));
        }
    }
}
