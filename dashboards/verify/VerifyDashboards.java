import io.firedrill.chaos.dashboard.Dashboards;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs every Grafana panel query of dashboards/json/ and every rule Prometheus loaded from alerting/rules/ against
 * the live Prometheus of the stack, and fails (exit 1) on a query Prometheus cannot parse or evaluate, or on an empty
 * result where data must exist. Java 17 single-file program; the dashboards are read by the chaos module's
 * {@code io.firedrill.chaos.dashboard.Dashboards} (the one reader of the Grafana JSON, also behind the scenarios' panels
 * and the report charts), so it runs with the chaos runner's classpath:
 *
 * <pre>
 * java -cp 'chaos/target/firedrill-chaos.jar:chaos/target/lib/*' dashboards/verify/VerifyDashboards.java [--prometheus URL] [--dashboards DIR] [--rules DIR|none]
 *                                              [--profile NAME] [--allow FILE] [--report FILE] [--reload yes]
 * </pre>
 *
 * What "data must exist" means:
 * <ul>
 *   <li>a panel query (and a template variable's {@code label_values}) must return at least one series;</li>
 *   <li>a recording rule must return at least one series;</li>
 *   <li>an alert is empty while it does not fire, so its expression only has to evaluate, and every series selector in
 *       it must match at least one series (a misspelt metric or label value would leave the alert blind forever).</li>
 * </ul>
 * {@code --rules none} checks the dashboards only; {@code --reload yes} first asks Prometheus to reload its
 * configuration and rules (the stack runs it with {@code --web.enable-lifecycle}). Exceptions are listed with a reason in the allow-list file (default dashboards/verify-allow-empty.txt):
 * {@code panel | <dashboard uid>/<panel title> | reason} or {@code rule | <rule name> | reason}. An entry that matches
 * nothing is an error too, so the list cannot rot. Exit codes: 0 all good, 1 a check failed, 2 usage or I/O error.
 */
public final class VerifyDashboards {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Grafana's built-in interval variables, replaced by a range every profile has samples for (instant queries). */
    static final Map<String, String> GRAFANA_VARIABLES = Map.of("rate_interval", "1m", "interval", "30s", "range", "5m");

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "offset", "bool", "inf", "nan", "sum", "min", "max", "avg", "group", "stddev",
            "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "atan2");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    record Allowed(String kind, String name, String reason) {}

    record Check(String status, String kind, String name, String detail) {
        boolean failed() { return status.equals("FAIL"); }
    }

    private final String prometheus;
    private final Map<String, Allowed> allowed;
    private final Set<String> allowUsed = new LinkedHashSet<>();
    private final List<Check> checks = new ArrayList<>();

    VerifyDashboards(String prometheus, Map<String, Allowed> allowed) {
        this.prometheus = prometheus.endsWith("/") ? prometheus.substring(0, prometheus.length() - 1) : prometheus;
        this.allowed = allowed;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: java dashboards/verify/VerifyDashboards.java [--prometheus URL] [--dashboards DIR]"
                        + " [--rules DIR|none] [--profile NAME] [--allow FILE] [--report FILE] [--reload yes]");
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        String base = System.getenv().getOrDefault("FIREDRILL_PORT_BASE", "17000").trim();
        String prometheus = options.getOrDefault("prometheus", "http://127.0.0.1:" + (Integer.parseInt(base) + 90));
        Path dashboards = Path.of(options.getOrDefault("dashboards", "dashboards/json"));
        Path rules = Path.of(options.getOrDefault("rules", "alerting/rules"));
        String profile = options.getOrDefault("profile", System.getenv().getOrDefault("FIREDRILL_ALERT_PROFILE", "demo"));
        Path allow = Path.of(options.getOrDefault("allow", "dashboards/verify-allow-empty.txt"));
        int exit;
        try {
            VerifyDashboards verify = new VerifyDashboards(prometheus, Files.exists(allow) ? readAllowList(allow) : Map.of());
            if ("yes".equals(options.get("reload"))) {
                verify.post("/-/reload", ""); // rules regenerated since Prometheus started are checked as they are now
            }
            verify.checkDashboards(dashboards);
            if (!rules.toString().equals("none")) {
                verify.checkRules(rules, profile);
            }
            verify.checkAllowListUsed();
            String report = verify.report(prometheus, profile);
            System.out.print(report);
            if (options.containsKey("report")) {
                Path out = Path.of(options.get("report"));
                if (out.getParent() != null) {
                    Files.createDirectories(out.getParent());
                }
                Files.writeString(out, report);
            }
            exit = verify.checks.stream().anyMatch(Check::failed) ? 1 : 0;
        } catch (IOException | InterruptedException | IllegalArgumentException e) {
            System.err.println("verify-dashboards: " + e.getMessage());
            exit = 2;
        }
        System.exit(exit);
    }

    // --- dashboards -------------------------------------------------------------------------------------------------

    void checkDashboards(Path dir) {
        for (Dashboards.Dashboard dashboard : Dashboards.load(dir).all()) {
            String uid = dashboard.uid();
            for (Dashboards.Variable variable : dashboard.variables()) {
                Matcher labelValues = Pattern.compile("label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)").matcher(variable.query());
                if (labelValues.matches()) {
                    expectData("variable", uid + "/$" + variable.name(), "count by (" + labelValues.group(2) + ") (" + labelValues.group(1) + ")");
                }
            }
            for (Dashboards.Annotation annotation : dashboard.annotations()) {
                // Annotations mark events (alerts firing): empty in steady state by nature, so they only have to parse.
                evaluate("annotation", uid + "/" + annotation.name(), dashboard.substitute(annotation.expr(), GRAFANA_VARIABLES), false);
            }
            for (Dashboards.Panel panel : dashboard.panels()) {
                for (Dashboards.Target target : panel.queries()) {
                    String name = uid + "/" + panel.title();
                    String label = name + " [" + target.refId() + "]";
                    String expr = dashboard.substitute(target.expr(), GRAFANA_VARIABLES);
                    Allowed allow = allowed.get("panel|" + name);
                    if (allow != null) {
                        allowUsed.add("panel|" + name);
                    }
                    evaluate("panel", label, expr, allow == null, allow);
                }
            }
        }
    }

    // --- rules ------------------------------------------------------------------------------------------------------

    void checkRules(Path dir, String profile) throws IOException, InterruptedException {
        Set<String> declared = new LinkedHashSet<>();
        Pattern rule = Pattern.compile("^\\s*-\\s*(alert|record):\\s*(\\S+)\\s*$");
        List<Path> files = new ArrayList<>();
        for (Path d : List.of(dir, dir.resolve(profile))) {
            if (!Files.isDirectory(d)) {
                throw new IllegalArgumentException("no rule folder " + d);
            }
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(files::add);
            }
        }
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                Matcher m = rule.matcher(line);
                if (m.matches()) {
                    declared.add(m.group(2).replace("\"", "").replace("'", ""));
                }
            }
        }
        Map<String, Object> response = Json.object(Json.parse(get("/api/v1/rules")));
        Set<String> loaded = new LinkedHashSet<>();
        for (Object g : Json.list(Json.path(response, "data", "groups"))) {
            for (Object r : Json.list(Json.object(g).get("rules"))) {
                Map<String, Object> loadedRule = Json.object(r);
                String query = String.valueOf(loadedRule.get("query"));
                boolean alert = "alerting".equals(loadedRule.get("type"));
                loaded.add(loadedRule.get("name") + "|" + query);
                // The SLO rules share their names across SLOs (Sloth naming): the slo label tells them apart.
                Object slo = Json.path(loadedRule, "labels", "slo");
                Matcher sloInQuery = Pattern.compile("slo=\"([^\"]+)\"").matcher(query);
                if (slo == null && sloInQuery.find()) {
                    slo = sloInQuery.group(1);
                }
                String name = loadedRule.get("name") + (slo == null ? "" : "{slo=" + slo + "}");
                Allowed allow = allowed.get("rule|" + name);
                if (allow != null) {
                    allowUsed.add("rule|" + name);
                }
                if (!alert) {
                    evaluate("record", name, query, allow == null, allow);
                    continue;
                }
                if (evaluate("alert", name, query, false).failed()) {
                    continue;
                }
                for (String selector : selectors(query)) {
                    evaluate("alert", name + " selector " + selector, "count(" + selector + ")", allow == null, allow);
                }
            }
        }
        Set<String> loadedNames = new LinkedHashSet<>();
        loaded.forEach(k -> loadedNames.add(k.substring(0, k.indexOf('|'))));
        for (String name : declared) {
            if (!loadedNames.contains(name)) {
                checks.add(new Check("FAIL", "rule", name, "declared in " + dir + " but not loaded by Prometheus (profile "
                        + profile + "?): restart Prometheus after regenerating the rules"));
            }
        }
    }

    /**
     * The series selectors of a PromQL expression ({@code name} or {@code name{matchers}}), without their range or
     * offset. A small lexer, not a parser: functions and aggregations are the identifiers followed by a parenthesis.
     */
    static List<String> selectors(String expr) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1;
            } else if (c == '{') {
                i = skipBraces(expr, i); // a selector without a name: none in this project
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int j = skipSpace(expr, i);
                String lower = word.toLowerCase();
                if (LABEL_LIST_KEYWORDS.contains(lower)) {
                    i = j < n && expr.charAt(j) == '(' ? expr.indexOf(')', j) + 1 : j;
                } else if (lower.equals("offset")) {
                    while (j < n && !Character.isWhitespace(expr.charAt(j)) && expr.charAt(j) != ')') {
                        j++;
                    }
                    i = j;
                } else if (KEYWORDS.contains(lower) || (j < n && expr.charAt(j) == '(')) {
                    i = j;
                } else if (j < n && expr.charAt(j) == '{') {
                    int end = skipBraces(expr, j);
                    out.add(word + expr.substring(j, end));
                    i = end;
                } else {
                    out.add(word);
                }
            } else {
                i++;
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(out));
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipString(String s, int i) {
        char quote = s.charAt(i++);
        while (i < s.length() && s.charAt(i) != quote) {
            i += s.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    private static int skipBraces(String s, int i) {
        i++;
        while (i < s.length() && s.charAt(i) != '}') {
            char c = s.charAt(i);
            i = c == '"' || c == '\'' || c == '`' ? skipString(s, i) : i + 1;
        }
        return i + 1;
    }

    // --- evaluation -------------------------------------------------------------------------------------------------

    private void expectData(String kind, String name, String expr) {
        evaluate(kind, name, expr, true);
    }

    private Check evaluate(String kind, String name, String expr, boolean mustHaveData) {
        return evaluate(kind, name, expr, mustHaveData, null);
    }

    /**
     * A target that misses one scrape (a timeout on a loaded machine) goes stale at once, so an instant query can come
     * back empty for a few seconds: an empty answer is asked again {@value #EMPTY_RETRIES} times, 3 s apart, and the
     * report says when a retry was needed.
     */
    private static final int EMPTY_RETRIES = 3;

    private Check evaluate(String kind, String name, String expr, boolean mustHaveData, Allowed allow) {
        Check check = evaluateOnce(kind, name, expr, mustHaveData, allow);
        for (int retry = 1; retry <= EMPTY_RETRIES && check.failed() && check.detail().startsWith("empty"); retry++) {
            checks.remove(checks.size() - 1);
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            check = evaluateOnce(kind, name, expr, mustHaveData, allow);
            if (!check.failed()) {
                checks.remove(checks.size() - 1);
                check = new Check(check.status(), check.kind(), check.name(), check.detail() + " (empty at first, data on retry " + retry + ")");
                checks.add(check);
            }
        }
        return check;
    }

    private Check evaluateOnce(String kind, String name, String expr, boolean mustHaveData, Allowed allow) {
        Check check;
        try {
            String body = post("/api/v1/query", "query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
            Map<String, Object> response = Json.object(Json.parse(body));
            if (!"success".equals(response.get("status"))) {
                check = new Check("FAIL", kind, name, response.get("errorType") + ": " + response.get("error") + "\n      query: " + expr);
            } else {
                Object result = Json.path(response, "data", "result");
                boolean empty = result instanceof List<?> l && l.isEmpty();
                if (!empty) {
                    check = new Check("OK", kind, name, ((result instanceof List<?> l) ? l.size() : 1) + " series");
                } else if (allow != null) {
                    check = new Check("EMPTY-OK", kind, name, allow.reason());
                } else if (mustHaveData) {
                    check = new Check("FAIL", kind, name, "empty result where data must exist\n      query: " + expr);
                } else {
                    check = new Check("OK", kind, name, "evaluates (empty: not firing)");
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            check = new Check("FAIL", kind, name, "Prometheus did not answer: " + e);
        }
        checks.add(check);
        return check;
    }

    private void checkAllowListUsed() {
        for (Map.Entry<String, Allowed> e : allowed.entrySet()) {
            if (!allowUsed.contains(e.getKey())) {
                Allowed a = e.getValue();
                checks.add(new Check("FAIL", "allow-list", a.kind() + " " + a.name(),
                        "matches no panel or rule: remove it or fix its name"));
            }
        }
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(prometheus + path)).timeout(Duration.ofSeconds(30)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private String post(String path, String form) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(prometheus + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    static Map<String, Allowed> readAllowList(Path file) throws IOException {
        Map<String, Allowed> out = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s*\\|\\s*", 3);
            if (parts.length != 3 || !(parts[0].equals("panel") || parts[0].equals("rule")) || parts[2].isBlank()) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": expected 'panel | <uid>/<title> | reason' or"
                        + " 'rule | <name> | reason', got: " + trimmed);
            }
            out.put(parts[0] + "|" + parts[1], new Allowed(parts[0], parts[1], parts[2]));
        }
        return out;
    }

    private String report(String prometheus, String profile) {
        StringBuilder out = new StringBuilder();
        out.append("verify-dashboards against ").append(prometheus).append(" (alert profile ").append(profile).append(")\n");
        for (Check c : checks) {
            if (!c.status().equals("OK") || c.detail().contains("on retry")) {
                out.append(String.format("%-8s %-10s %s%n      %s%n", c.status(), c.kind(), c.name(), c.detail()));
            }
        }
        long ok = checks.stream().filter(c -> c.status().equals("OK")).count();
        long allowedEmpty = checks.stream().filter(c -> c.status().equals("EMPTY-OK")).count();
        long failed = checks.stream().filter(Check::failed).count();
        out.append(String.format("%d queries: %d OK, %d empty as allowed, %d FAILED%n", checks.size(), ok, allowedEmpty, failed));
        out.append(failed == 0 ? "verify-dashboards: PASS\n" : "verify-dashboards: FAIL\n");
        return out.toString();
    }

    // --- JSON: Jackson from the chaos classpath, read into maps and lists ---------------------------------------------

    static final class Json {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

        private Json() {}

        static Object parse(String text) {
            try {
                return MAPPER.readValue(text, Object.class);
            } catch (IOException e) {
                throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
            }
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(Object o) {
            if (!(o instanceof Map)) {
                throw new IllegalArgumentException("expected a JSON object, got " + o);
            }
            return (Map<String, Object>) o;
        }

        @SuppressWarnings("unchecked")
        static List<Object> list(Object o) { return o instanceof List ? (List<Object>) o : List.of(); }

        static Object path(Map<String, Object> root, String... keys) {
            Object at = root;
            for (String k : keys) {
                if (!(at instanceof Map<?, ?> m)) {
                    return null;
                }
                at = m.get(k);
            }
            return at;
        }
    }
}
