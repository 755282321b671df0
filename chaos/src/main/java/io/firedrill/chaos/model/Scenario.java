package io.firedrill.chaos.model;

import java.util.List;
import java.util.Map;

/**
 * One incident scenario, read from {@code chaos/scenarios/<name>/scenario.yaml} (Chaos Toolkit's model):
 * a steady-state hypothesis checked before and after, a method (faults, traffic, waits), the alerts that must
 * fire (and resolve) and those that must not, business invariants, and rollbacks that always run.
 * Everything is data; the runner is generic, so a new scenario is a new folder, not new code.
 *
 * @param modes       e.g. {@code defect} (reproduces the incident) and {@code defended} (proves the fix);
 *                    each mode's variables are substituted into {@code ${...}} placeholders
 * @param requires    services that must be ready before any fault is injected
 * @param fault       what the incident is, for the fault catalog and the drills that score a diagnosis against it
 * @param notDrillable why a drill cannot play this scenario (null: it can): a drill needs a page on the pager and a fault
 *                    an operator can end by following the runbook; {@code firedrill-drill start} refuses such a scenario
 *                    and a random draw skips it
 * @param panels      the dashboard panels that tell this incident's story: the chaos and drill reports chart them over
 *                    the run, with the fault window and the alerts marked
 */
public record Scenario(
        String title,
        String description,
        String runbook,
        List<String> requires,
        Map<String, Mode> modes,
        SteadyState steadyState,
        List<Activity> method,
        List<ExpectedAlert> expectedAlerts,
        List<ForbiddenAlert> forbiddenAlerts,
        List<Activity> invariants,
        List<Activity> rollbacks,
        Fault fault,
        String notDrillable,
        List<PanelRef> panels) {

    public Scenario {
        requires = requires == null ? List.of() : List.copyOf(requires);
        modes = modes == null ? Map.of() : Map.copyOf(modes);
        steadyState = steadyState == null ? new SteadyState("no steady-state hypothesis", List.of()) : steadyState;
        method = method == null ? List.of() : List.copyOf(method);
        expectedAlerts = expectedAlerts == null ? List.of() : List.copyOf(expectedAlerts);
        forbiddenAlerts = forbiddenAlerts == null ? List.of() : List.copyOf(forbiddenAlerts);
        invariants = invariants == null ? List.of() : List.copyOf(invariants);
        rollbacks = rollbacks == null ? List.of() : List.copyOf(rollbacks);
        panels = panels == null ? List.of() : List.copyOf(panels);
    }

    /** Whether an incident drill may play it (see {@code notDrillable}). */
    public boolean drillable() {
        return notDrillable == null || notDrillable.isBlank();
    }

    /**
     * The incident's truth, declared once beside its method: read by the fault catalog and by drills.
     *
     * @param rootCause      the root cause in one sentence, as a postmortem would state it
     * @param diagnosis      the diagnosis ids a responder may name for this fault; the first is the canonical one
     * @param components     the components the fault acts on or breaks (stack component or service names)
     * @param slos           the SLOs (alerting/slo/*.yml names) the incident burns
     * @param runbookSection the runbook section that mitigates it ({@code runbooks/x.md#anchor})
     */
    public record Fault(String rootCause, List<String> diagnosis, List<String> components, List<String> slos,
                        String runbookSection) {
        public Fault {
            diagnosis = diagnosis == null ? List.of() : List.copyOf(diagnosis);
            components = components == null ? List.of() : List.copyOf(components);
            slos = slos == null ? List.of() : List.copyOf(slos);
        }
    }

    public record Mode(String description, Map<String, String> variables) {
        public Mode {
            variables = variables == null ? Map.of() : Map.copyOf(variables);
        }
    }

    public record SteadyState(String title, List<Activity> probes) {
        public SteadyState {
            probes = probes == null ? List.of() : List.copyOf(probes);
        }
    }

    /**
     * An alert that must reach the webhook sink as firing within {@code within} of the first fault, and as
     * resolved within {@code resolveWithin} of the rollbacks (when given).
     */
    public record ExpectedAlert(String alert, String within, String resolveWithin, List<String> modes) {
        public boolean appliesTo(String mode) { return modes == null || modes.isEmpty() || modes.contains(mode); }
    }

    /** An alert that must not fire during the run (the wrong page is a failure too). */
    public record ForbiddenAlert(String alert, List<String> modes) {
        public boolean appliesTo(String mode) { return modes == null || modes.isEmpty() || modes.contains(mode); }
    }

    /** A Grafana panel by its dashboard's uid and its title, as in dashboards/json (checked when the scenario loads). */
    public record PanelRef(String dashboard, String title) {
        @Override
        public String toString() {
            return dashboard + "/" + title;
        }
    }
}
