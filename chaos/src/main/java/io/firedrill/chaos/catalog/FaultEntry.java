package io.firedrill.chaos.catalog;

import io.firedrill.chaos.model.Activity;
import io.firedrill.chaos.model.Scenario;
import io.firedrill.chaos.runner.ScenarioFile;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One fault of the catalog: what a scenario injects (per mode), what it breaks, how it shows (alerts, SLOs) and its
 * truth (root cause, diagnosis ids, the runbook section that mitigates it). Drawn from the scenario file alone.
 *
 * @param id    the scenario's folder name ({@code make chaos SCENARIO=<id>})
 * @param modes per mode (sorted by name): what it does and its levers, the {@code fault: true} steps it runs
 */
public record FaultEntry(
        String id,
        String title,
        Map<String, Mode> modes,
        List<String> components,
        List<Alert> expectedAlerts,
        List<Alert> forbiddenAlerts,
        List<String> slos,
        String rootCause,
        String runbookSection,
        List<String> diagnosis) {

    /** A mode and how it injects the fault; no lever means the mode injects nothing (a control run). */
    public record Mode(String description, List<String> lever) {}

    /**
     * An alert that must (or must not) fire; {@code modes} null when it holds in every mode, {@code within} and
     * {@code resolveWithin} null for a forbidden alert.
     */
    public record Alert(String alert, String within, String resolveWithin, List<String> modes) {
        static Alert of(String alert, String within, String resolveWithin, List<String> modes) {
            return new Alert(alert, within, resolveWithin, modes == null || modes.isEmpty() ? null : List.copyOf(modes));
        }
    }

    /** The entry of a loaded scenario (its fault block checked by {@link ScenarioFile#problems}). */
    public static FaultEntry of(ScenarioFile file) {
        Scenario scenario = file.scenario();
        Scenario.Fault fault = scenario.fault();
        Map<String, Mode> modes = new TreeMap<>();
        scenario.modes().forEach((name, mode) -> modes.put(name, new Mode(mode.description(), scenario.method().stream()
                .filter(Activity::fault).filter(a -> a.appliesTo(name))
                .map(a -> LeverText.of(a, mode.variables())).toList())));
        return new FaultEntry(file.name(), scenario.title(), modes, fault.components(),
                scenario.expectedAlerts().stream().map(a -> Alert.of(a.alert(), a.within(), a.resolveWithin(), a.modes())).toList(),
                scenario.forbiddenAlerts().stream().map(a -> Alert.of(a.alert(), null, null, a.modes())).toList(),
                fault.slos(), fault.rootCause().strip(), fault.runbookSection(), fault.diagnosis());
    }
}
