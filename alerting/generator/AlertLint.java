import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks what promtool does not: every alert of {@code alerting/rules/} has a severity (page | ticket | info | none),
 * a summary, a description, a runbook_url whose file and {@code #anchor} (GitHub heading anchor) exist, and a
 * dashboard {@code d/<uid>} or {@code d/<uid>?viewPanel=<id>} whose uid is a dashboard of {@code dashboards/json/}
 * and whose panel id is in that dashboard (the pager shows it: a renumbered panel must not leave a dead link); alert
 * names are unique per profile; and every alert has, in its profile's promtool tests, at least one case where it
 * fires and one where it stays silent (except an always-firing {@code expr: vector(1)}, the Watchdog)
 * ({@code alerting/tests/stack.test.yml} for {@code rules/*.yml},
 * {@code alerting/tests/<profile>/*.test.yml} for {@code rules/<profile>/}).
 *
 * <p>Run from the checkout: {@code java alerting/generator/AlertLint.java}. Reads the rule files line by line, so
 * it expects the layout the generator and the sources use: {@code - alert: Name} starting a rule and
 * {@code key: value} labels and annotations below it.
 */
public class AlertLint {

    static final Pattern RULE_START = Pattern.compile("^\\s*- (alert|record|name):\\s*(\\S+)\\s*$");
    static final Pattern FIELD = Pattern.compile("^\\s*(expr|severity|summary|description|runbook_url|dashboard):\\s*(.*)$");
    /** The Grafana path of a dashboard, optionally of one panel; relative, so it works on any Grafana base URL. */
    static final Pattern DASHBOARD = Pattern.compile("d/([A-Za-z0-9._-]+)(?:\\?viewPanel=(\\d+))?");
    static final Set<String> SEVERITIES = Set.of("page", "ticket", "info", "none");

    record Alert(String name, Path file, Map<String, String> fields) {}

    /** A Grafana dashboard of dashboards/json: its file and every panel id (rows' nested panels included). */
    record Dashboard(Path file, Set<Long> panelIds) {}

    final Path root;
    final List<String> problems = new ArrayList<>();
    final Map<Path, Set<String>> anchors = new HashMap<>();
    Map<String, Dashboard> dashboards;

    AlertLint(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws IOException {
        AlertLint lint = new AlertLint(Path.of(args.length > 0 ? args[0] : "."));
        String summary = lint.run();
        if (!lint.problems.isEmpty()) {
            lint.problems.forEach(p -> System.err.println("AlertLint: " + p));
            System.err.println("AlertLint: " + lint.problems.size() + " problem(s)");
            System.exit(1);
        }
        System.out.println("AlertLint: " + summary);
    }

    String run() throws IOException {
        Path rules = root.resolve("alerting/rules");
        Path tests = root.resolve("alerting/tests");
        Map<String, List<Path>> ruleSets = new TreeMap<>();
        Map<String, List<Path>> testSets = new TreeMap<>();
        ruleSets.put("stack", files(rules, ".yml"));
        testSets.put("stack", files(tests, ".test.yml"));
        try (Stream<Path> dirs = Files.list(rules)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String profile = dir.getFileName().toString();
                ruleSets.put(profile, files(dir, ".yml"));
                testSets.put(profile, files(tests.resolve(profile), ".test.yml"));
            }
        }
        StringBuilder summary = new StringBuilder();
        for (String set : ruleSets.keySet()) {
            List<Alert> alerts = new ArrayList<>();
            for (Path file : ruleSets.get(set)) {
                alerts.addAll(alerts(file));
            }
            Map<String, Alert> byName = new LinkedHashMap<>();
            for (Alert a : alerts) {
                if (byName.put(a.name(), a) != null) {
                    problems.add(set + ": alert " + a.name() + " is defined twice");
                }
                checkFields(a);
            }
            Coverage coverage = coverage(set, testSets.get(set));
            for (String name : byName.keySet()) {
                if (!coverage.firing.contains(name)) {
                    problems.add(set + ": no promtool case where " + name + " fires");
                }
                // An always-firing heartbeat (expr: vector(1), the Watchdog) has no silent case by design.
                boolean alwaysFires = "vector(1)".equals(byName.get(name).fields().get("expr"));
                if (!coverage.silent.contains(name) && !alwaysFires) {
                    problems.add(set + ": no promtool case where " + name + " stays silent");
                }
            }
            for (String tested : coverage.all()) {
                if (!byName.containsKey(tested)) {
                    problems.add(set + ": tests name alert " + tested + ", which the " + set + " rules do not define");
                }
            }
            summary.append(String.format("%s: %d alerts, %d fire and %d silent cases; ", set, byName.size(),
                    coverage.firingCases, coverage.silentCases));
        }
        return summary.toString().replaceAll("; $", "");
    }

    static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    List<Alert> alerts(Path file) throws IOException {
        List<Alert> out = new ArrayList<>();
        String name = null;
        Map<String, String> fields = null;
        for (String line : Files.readAllLines(file)) {
            if (line.trim().startsWith("#")) {
                continue;
            }
            Matcher start = RULE_START.matcher(line);
            if (start.matches()) {
                if (name != null) {
                    out.add(new Alert(name, file, fields));
                }
                name = start.group(1).equals("alert") ? start.group(2) : null;
                fields = new HashMap<>();
                continue;
            }
            Matcher field = FIELD.matcher(line);
            if (name != null && field.matches()) {
                fields.putIfAbsent(field.group(1), unquote(field.group(2).trim()));
            }
        }
        if (name != null) {
            out.add(new Alert(name, file, fields));
        }
        return out;
    }

    static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    void checkFields(Alert a) throws IOException {
        String where = root.relativize(a.file()) + ": " + a.name();
        String severity = a.fields().get("severity");
        if (severity == null || !SEVERITIES.contains(severity)) {
            problems.add(where + ": severity must be one of " + new TreeSet<>(SEVERITIES) + ", got " + severity);
        }
        for (String key : List.of("summary", "description", "runbook_url", "dashboard")) {
            if (a.fields().getOrDefault(key, "").isEmpty()) {
                problems.add(where + ": missing annotation " + key);
            }
        }
        checkDashboard(where, a.fields().get("dashboard"));
        String url = a.fields().get("runbook_url");
        if (url == null || url.isEmpty()) {
            return;
        }
        int hash = url.indexOf('#');
        if (hash < 0 || url.contains("://")) {
            problems.add(where + ": runbook_url must be a relative path with an anchor (runbooks/x.md#section), got " + url);
            return;
        }
        Path doc = root.resolve(url.substring(0, hash)).normalize();
        if (!Files.isRegularFile(doc)) {
            problems.add(where + ": runbook " + url.substring(0, hash) + " does not exist");
            return;
        }
        String anchor = url.substring(hash + 1);
        if (!anchors(doc).contains(anchor)) {
            problems.add(where + ": runbook " + url.substring(0, hash) + " has no section with anchor #" + anchor);
        }
    }

    void checkDashboard(String where, String value) throws IOException {
        if (value == null || value.isEmpty()) {
            return;
        }
        Matcher m = DASHBOARD.matcher(value);
        if (!m.matches()) {
            problems.add(where + ": dashboard must be d/<uid> or d/<uid>?viewPanel=<panel id>, got " + value);
            return;
        }
        Dashboard d = dashboards().get(m.group(1));
        if (d == null) {
            problems.add(where + ": dashboard " + value + ": no dashboard with uid " + m.group(1) + " in dashboards/json"
                    + " (uids: " + String.join(", ", new TreeSet<>(dashboards().keySet())) + ")");
        } else if (m.group(2) != null && !d.panelIds().contains(Long.parseLong(m.group(2)))) {
            problems.add(where + ": dashboard " + value + ": " + root.relativize(d.file()) + " has no panel with id "
                    + m.group(2));
        }
    }

    /** The dashboards of dashboards/json/*.json by uid, read once. */
    Map<String, Dashboard> dashboards() throws IOException {
        if (dashboards != null) {
            return dashboards;
        }
        dashboards = new TreeMap<>();
        Path dir = root.resolve("dashboards/json");
        List<Path> files = files(dir, ".json");
        if (files.isEmpty()) {
            problems.add("no dashboards in " + root.relativize(dir) + ": the alerts' dashboard annotations cannot be checked");
        }
        for (Path file : files) {
            Object json;
            try {
                json = new Json(Files.readString(file)).document();
            } catch (IllegalArgumentException e) {
                problems.add(root.relativize(file) + ": not JSON: " + e.getMessage());
                continue;
            }
            if (!(json instanceof Map<?, ?> top) || !(top.get("uid") instanceof String uid)) {
                problems.add(root.relativize(file) + ": no top-level uid");
                continue;
            }
            Set<Long> ids = new TreeSet<>();
            collectPanelIds(top.get("panels"), ids);
            if (dashboards.put(uid, new Dashboard(file, ids)) != null) {
                problems.add(root.relativize(file) + ": uid " + uid + " is used by another dashboard too");
            }
        }
        return dashboards;
    }

    static void collectPanelIds(Object panels, Set<Long> ids) {
        if (!(panels instanceof List<?> list)) {
            return;
        }
        for (Object p : list) {
            if (p instanceof Map<?, ?> panel) {
                if (panel.get("id") instanceof Number id) {
                    ids.add(id.longValue());
                }
                collectPanelIds(panel.get("panels"), ids); // a collapsed row keeps its panels inside
            }
        }
    }

    /**
     * Just enough JSON for the dashboards (objects, arrays, strings, numbers, true/false/null), so the lint stays a
     * dependency-free single-file program like the generator. Numbers are Long when integral, else Double.
     */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object document() {
            Object v = value();
            space();
            if (i != s.length()) {
                throw error("trailing text");
            }
            return v;
        }

        private Object value() {
            space();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                space();
                if (peek('}')) {
                    return m;
                }
                do {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    m.put(key, value());
                    space();
                } while (peek(','));
                expect('}');
                return m;
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                space();
                if (peek(']')) {
                    return l;
                }
                do {
                    l.add(value());
                    space();
                } while (peek(','));
                expect(']');
                return l;
            }
            if (c == '"') {
                return string();
            }
            for (String word : List.of("true", "false", "null")) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            Matcher n = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?").matcher(s).region(i, s.length());
            if (!n.lookingAt()) {
                throw error("unexpected character '" + c + "'");
            }
            i = n.end();
            return n.group(1) == null && n.group(2) == null ? (Object) Long.parseLong(n.group()) : Double.parseDouble(n.group());
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (i < s.length() && s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\' && i < s.length()) {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            if (i + 4 > s.length()) {
                                throw error("short \\u escape");
                            }
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e); // \" \\ \/
                    }
                } else {
                    b.append(c);
                }
            }
            expect('"');
            return b.toString();
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String message) {
            int line = 1;
            for (int k = 0; k < Math.min(i, s.length()); k++) {
                if (s.charAt(k) == '\n') {
                    line++;
                }
            }
            return new IllegalArgumentException(message + " at line " + line);
        }
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats. */
    Set<String> anchors(Path doc) throws IOException {
        Set<String> cached = anchors.get(doc);
        if (cached != null) {
            return cached;
        }
        Set<String> set = new TreeSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fence = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("```")) {
                fence = !fence;
            }
            Matcher m = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
            if (fence || !m.matches()) {
                continue;
            }
            String slug = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            set.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        anchors.put(doc, set);
        return set;
    }

    static final class Coverage {
        final Set<String> firing = new TreeSet<>();
        final Set<String> silent = new TreeSet<>();
        int firingCases;
        int silentCases;

        Set<String> all() {
            Set<String> all = new TreeSet<>(firing);
            all.addAll(silent);
            return all;
        }
    }

    static final Pattern ALERTNAME = Pattern.compile("^\\s*-?\\s*alertname:\\s*(\\S+)\\s*$");
    static final Pattern EXP_ALERTS = Pattern.compile("^\\s*exp_alerts:\\s*(.*)$");

    Coverage coverage(String set, List<Path> testFiles) throws IOException {
        Coverage c = new Coverage();
        if (testFiles.isEmpty()) {
            problems.add(set + ": no promtool test files");
        }
        for (Path file : testFiles) {
            List<String> lines = Files.readAllLines(file);
            String pending = null;
            for (String line : lines) {
                if (line.trim().startsWith("#")) {
                    continue;
                }
                if (!set.equals("stack") && line.trim().startsWith("- ") && line.contains("rules/")
                        && !line.contains("rules/" + set + "/")) {
                    problems.add(root.relativize(file) + ": loads " + line.trim().substring(2)
                            + ", which is not a " + set + " rule file");
                }
                Matcher a = ALERTNAME.matcher(line);
                if (a.matches()) {
                    pending = unquote(a.group(1));
                    continue;
                }
                Matcher e = EXP_ALERTS.matcher(line);
                if (e.matches() && pending != null) {
                    if (e.group(1).trim().equals("[]")) {
                        c.silent.add(pending);
                        c.silentCases++;
                    } else {
                        c.firing.add(pending);
                        c.firingCases++;
                    }
                    pending = null;
                }
            }
        }
        return c;
    }
}
