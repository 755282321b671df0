package io.firedrill.chaos.model;

import java.util.List;
import java.util.Map;

/**
 * A step: an action (changes the system) or a probe (measures it, judged by its tolerance). The provider
 * names the executor ({@code http}, {@code prometheus}, {@code sql}, {@code stack}, {@code traffic},
 * {@code sleep}, {@code alert}, {@code signal}) and carries its arguments.
 *
 * @param fault      the first action marked as a fault starts the time-to-detect clock
 * @param background run concurrently with the following steps (traffic); joined before the rollbacks
 * @param pauseAfter wait this long after the step (e.g. {@code 5s})
 * @param modes      only in these modes (all when empty)
 * @param retryFor   for a probe: re-run until its tolerance is met or this long has passed (metrics are
 *                   eventually consistent: a scrape or an evaluation interval behind)
 * @param chaosOnly  a chaos run's step that a drill leaves out: a drill keeps the fault on until the responder mitigates
 *                   it, so a step that ends the fault or repairs its damage (a provider that recovers, the runbook's
 *                   repair run by the scenario itself) is the responder's to do
 */
public record Activity(
        String name,
        String type,
        Map<String, Object> provider,
        Tolerance tolerance,
        boolean fault,
        boolean background,
        String pauseAfter,
        List<String> modes,
        String retryFor,
        boolean chaosOnly) {

    public Activity {
        provider = provider == null ? Map.of() : Map.copyOf(provider);
        type = type == null ? "action" : type;
    }

    public String providerType() {
        Object type = provider.get("type");
        return type == null ? "" : type.toString();
    }

    public boolean appliesTo(String mode) {
        return modes == null || modes.isEmpty() || modes.contains(mode);
    }

    /**
     * How a probe's output is judged: numeric bounds, equality, or a substring; all given parts must hold. {@code path}
     * (dotted, e.g. {@code oversoldUnits} or {@code data.result}) first picks a field of a JSON body.
     */
    public record Tolerance(String path, Double min, Double max, Object equalTo, String contains) {}
}
