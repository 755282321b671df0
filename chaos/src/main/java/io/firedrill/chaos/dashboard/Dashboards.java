package io.firedrill.chaos.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Grafana dashboards of {@code dashboards/json/}, read into what the tools need of them: each dashboard's uid, its
 * template variables and annotations, and its panels (nested rows flattened) with their unit and PromQL targets.
 * The one reader of that JSON: {@code dashboards/verify/VerifyDashboards.java} runs these queries against the live
 * Prometheus, scenarios name these panels ({@code panels:}) and the chaos and drill reports chart them.
 */
public final class Dashboards {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A PromQL query of a panel; {@code legendFormat} as Grafana writes it ({@code {{label}}} placeholders). */
    public record Target(String refId, String expr, String legendFormat, boolean hidden) {}

    /** A panel; {@code unit} is its {@code fieldConfig.defaults.unit} (null when none). */
    public record Panel(String title, String type, String unit, List<Target> targets) {
        public Panel {
            targets = List.copyOf(targets);
        }

        /** The targets Grafana would draw: a PromQL expression, not hidden. */
        public List<Target> queries() {
            return targets.stream().filter(t -> t.expr() != null && !t.expr().isBlank() && !t.hidden()).toList();
        }
    }

    /** A template variable; {@code query} is its text ({@code label_values(...)} for a query variable). */
    public record Variable(String name, String query, String allValue) {}

    /** An annotation with a PromQL expression (e.g. firing pages). */
    public record Annotation(String name, String expr) {}

    public record Dashboard(String uid, String title, Path file, List<Variable> variables, List<Annotation> annotations,
                            List<Panel> panels) {
        public Dashboard {
            variables = List.copyOf(variables);
            annotations = List.copyOf(annotations);
            panels = List.copyOf(panels);
        }

        public Optional<Panel> panel(String title) {
            return panels.stream().filter(p -> p.title().equals(title)).findFirst();
        }

        /**
         * The expression as Prometheus can run it: Grafana's built-in variables ({@code $__rate_interval},
         * {@code ${__range}}, ...) replaced by {@code builtIns} (keys without the {@code $__}, e.g. {@code rate_interval}),
         * and each dashboard variable by its "All" value, or {@code .*} when it has none (every value).
         */
        public String substitute(String expr, Map<String, String> builtIns) {
            Map<String, String> values = new LinkedHashMap<>();
            builtIns.forEach((name, value) -> values.put("__" + name, value));
            for (Variable v : variables) {
                values.put(v.name(), v.allValue() == null || v.allValue().isBlank() ? ".*" : v.allValue());
            }
            String out = expr;
            // Longest name first: $__interval must not eat the start of $__interval_ms.
            List<String> names = values.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
            for (String name : names) {
                out = out.replace("${" + name + "}", values.get(name)).replace("$" + name, values.get(name));
            }
            return out;
        }
    }

    private final Map<String, Dashboard> byUid;

    private Dashboards(Map<String, Dashboard> byUid) {
        this.byUid = byUid;
    }

    /** Where a checkout keeps them. */
    public static Path dir(Path projectRoot) {
        return projectRoot.resolve("dashboards/json");
    }

    /** Reads every {@code *.json} of {@code dir}; a file that is not a dashboard, or a uid used twice, is an error naming it. */
    public static Dashboards load(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list the dashboards in " + dir + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no dashboard JSON under " + dir);
        }
        Map<String, Dashboard> byUid = new LinkedHashMap<>();
        for (Path file : files) {
            Dashboard d = read(file);
            Dashboard before = byUid.put(d.uid(), d);
            if (before != null) {
                throw new IllegalArgumentException("dashboard uid '" + d.uid() + "' is used by " + before.file() + " and " + file);
            }
        }
        return new Dashboards(byUid);
    }

    static Dashboard read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        String uid = root.path("uid").asText("");
        if (uid.isBlank()) {
            throw new IllegalArgumentException(file + " has no dashboard uid");
        }
        List<Variable> variables = new ArrayList<>();
        for (JsonNode v : root.path("templating").path("list")) {
            JsonNode query = v.path("query");
            variables.add(new Variable(v.path("name").asText(), query.isObject() ? query.path("query").asText() : query.asText(),
                    v.hasNonNull("allValue") ? v.path("allValue").asText() : null));
        }
        List<Annotation> annotations = new ArrayList<>();
        for (JsonNode a : root.path("annotations").path("list")) {
            if (a.hasNonNull("expr")) {
                annotations.add(new Annotation(a.path("name").asText(), a.path("expr").asText()));
            }
        }
        List<Panel> panels = new ArrayList<>();
        addPanels(root.path("panels"), panels);
        return new Dashboard(uid, root.path("title").asText(uid), file, variables, annotations, panels);
    }

    /** Rows hold their collapsed panels in {@code panels}: flattened, row first. */
    private static void addPanels(JsonNode list, List<Panel> out) {
        for (JsonNode p : list) {
            List<Target> targets = new ArrayList<>();
            for (JsonNode t : p.path("targets")) {
                targets.add(new Target(t.path("refId").asText(""), t.hasNonNull("expr") ? t.path("expr").asText() : null,
                        t.hasNonNull("legendFormat") ? t.path("legendFormat").asText() : null, t.path("hide").asBoolean(false)));
            }
            JsonNode unit = p.path("fieldConfig").path("defaults").path("unit");
            out.add(new Panel(p.path("title").asText(""), p.path("type").asText(""), unit.isTextual() ? unit.asText() : null, targets));
            addPanels(p.path("panels"), out);
        }
    }

    public List<Dashboard> all() {
        return List.copyOf(byUid.values());
    }

    public Optional<Dashboard> dashboard(String uid) {
        return Optional.ofNullable(byUid.get(uid));
    }

    /** Null when dashboard {@code uid} has a panel titled {@code title}; else what is wrong, naming what exists. */
    public String problem(String uid, String title) {
        Dashboard d = byUid.get(uid);
        if (d == null) {
            return "unknown dashboard uid '" + uid + "' (known: " + String.join(", ", byUid.keySet()) + ")";
        }
        if (d.panel(title).isEmpty()) {
            return "dashboard " + uid + " has no panel titled '" + title + "' (panels: "
                    + String.join(", ", d.panels().stream().filter(p -> !p.queries().isEmpty()).map(p -> "'" + p.title() + "'").toList()) + ")";
        }
        if (d.panel(title).get().queries().isEmpty()) {
            return "panel '" + title + "' of dashboard " + uid + " has no PromQL query to chart";
        }
        return null;
    }

    /** The panel, or an {@link IllegalArgumentException} saying what is wrong. */
    public Panel panel(String uid, String title) {
        String problem = problem(uid, title);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return byUid.get(uid).panel(title).orElseThrow();
    }
}
