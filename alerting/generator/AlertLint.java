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
 * a summary, a description and a runbook_url whose file and {@code #anchor} (GitHub heading anchor) exist; alert
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
    static final Pattern FIELD = Pattern.compile("^\\s*(expr|severity|summary|description|runbook_url):\\s*(.*)$");
    static final Set<String> SEVERITIES = Set.of("page", "ticket", "info", "none");

    record Alert(String name, Path file, Map<String, String> fields) {}

    final Path root;
    final List<String> problems = new ArrayList<>();
    final Map<Path, Set<String>> anchors = new HashMap<>();

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
        for (String key : List.of("summary", "description", "runbook_url")) {
            if (a.fields().getOrDefault(key, "").isEmpty()) {
                problems.add(where + ": missing annotation " + key);
            }
        }
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
