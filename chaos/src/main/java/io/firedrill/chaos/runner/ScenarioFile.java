package io.firedrill.chaos.runner;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.firedrill.chaos.core.Durations;
import io.firedrill.chaos.dashboard.Dashboards;
import io.firedrill.chaos.model.Activity;
import io.firedrill.chaos.model.Scenario;
import io.firedrill.chaos.provider.Providers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A scenario folder's {@code scenario.yaml}, parsed strictly (unknown keys are errors) and validated before anything runs. */
public record ScenarioFile(String name, Path path, Scenario scenario) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static Path scenariosDir(Path projectRoot) {
        return projectRoot.resolve("chaos/scenarios");
    }

    public static List<String> names(Path projectRoot) {
        try (Stream<Path> dirs = Files.list(scenariosDir(projectRoot))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("scenario.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public static ScenarioFile load(Path projectRoot, String name) {
        Path file = scenariosDir(projectRoot).resolve(name).resolve("scenario.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + String.join(", ", names(projectRoot)));
        }
        return load(projectRoot, name, file);
    }

    /** Loads a scenario file from anywhere (tests, drafts); runbook paths stay relative to the project root. */
    public static ScenarioFile load(Path projectRoot, String name, Path file) {
        Scenario scenario;
        try {
            scenario = YAML.readValue(file.toFile(), Scenario.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a valid scenario: " + e.getMessage().lines().findFirst().orElse(""));
        }
        ScenarioFile loaded = new ScenarioFile(name, file, scenario);
        List<String> problems = loaded.problems(projectRoot);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file + " has problems:\n  " + String.join("\n  ", problems));
        }
        return loaded;
    }

    /**
     * Static checks: title, modes, provider types, durations, the runbook file, the fault block ({@link FaultChecks}),
     * and that each of its {@code panels:} is a panel of dashboards/json with a query (a misspelt title would otherwise
     * only show as an empty chart after a long run).
     */
    public List<String> problems(Path projectRoot) {
        List<String> problems = new ArrayList<>();
        if (scenario.title() == null || scenario.title().isBlank()) {
            problems.add("missing title");
        }
        if (scenario.modes().isEmpty()) {
            problems.add("no modes (e.g. defect, defended)");
        }
        if (scenario.runbook() == null || !Files.isRegularFile(projectRoot.resolve(scenario.runbook().replaceAll("#.*", "")))) {
            problems.add("runbook " + scenario.runbook() + " does not exist");
        }
        List<Activity> all = new ArrayList<>(scenario.steadyState().probes());
        all.addAll(scenario.method());
        all.addAll(scenario.invariants());
        all.addAll(scenario.rollbacks());
        for (Activity a : all) {
            if (!Providers.types().contains(a.providerType())) {
                problems.add("'" + a.name() + "': unknown provider type '" + a.providerType() + "' (known: " + Providers.types() + ")");
            }
            if (a.modes() != null) {
                a.modes().stream().filter(m -> !scenario.modes().containsKey(m))
                        .forEach(m -> problems.add("'" + a.name() + "': unknown mode '" + m + "'"));
            }
            try {
                Durations.parse(a.pauseAfter());
            } catch (IllegalArgumentException e) {
                problems.add("'" + a.name() + "': " + e.getMessage());
            }
        }
        for (Scenario.ExpectedAlert alert : scenario.expectedAlerts()) {
            try {
                Durations.parse(alert.within());
                Durations.parse(alert.resolveWithin());
            } catch (IllegalArgumentException e) {
                problems.add("expected alert " + alert.alert() + ": " + e.getMessage());
            }
        }
        problems.addAll(FaultChecks.problems(scenario.fault(), projectRoot));
        problems.addAll(panelProblems(projectRoot));
        return problems;
    }

    private List<String> panelProblems(Path projectRoot) {
        if (scenario.panels().isEmpty()) {
            return List.of();
        }
        Dashboards dashboards;
        try {
            dashboards = Dashboards.load(Dashboards.dir(projectRoot));
        } catch (IllegalArgumentException e) {
            return List.of("panels: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        for (Scenario.PanelRef ref : scenario.panels()) {
            String problem = ref.dashboard() == null || ref.title() == null ? "needs both dashboard (uid) and title"
                    : dashboards.problem(ref.dashboard(), ref.title());
            if (problem != null) {
                problems.add("panel " + ref + ": " + problem);
            }
        }
        return problems;
    }
}
