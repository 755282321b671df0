package io.firedrill.chaos.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges a run that got through its phases: completed when the method, every alert verdict, every invariant and the
 * steady state after all held; failed otherwise, with the reason naming each check that did not hold. {@code deviated}
 * (Chaos Toolkit's flag) says the system did not come back: steady state after or an invariant broken.
 */
final class Verdict {

    private Verdict() {}

    /** @param methodFailure null when the method ran through, else why not (already the journal's reason) */
    static void judge(Journal journal, String methodFailure) {
        boolean alertsOk = journal.alerts.stream().allMatch(Journal.AlertVerdict::ok);
        boolean invariantsOk = journal.invariants.stream().allMatch(Journal.ActivityRun::succeeded);
        journal.deviated = !journal.steadyStateAfter.steadyStateMet() || !invariantsOk;
        if (methodFailure != null) {
            journal.conclude(Journal.Status.failed, methodFailure);
        } else if (!alertsOk || journal.deviated) {
            journal.conclude(Journal.Status.failed, describeFailures(journal, invariantsOk));
        } else {
            journal.conclude(Journal.Status.completed, null);
        }
    }

    private static String describeFailures(Journal journal, boolean invariantsOk) {
        List<String> parts = new ArrayList<>();
        journal.alerts.stream().filter(a -> !a.ok()).forEach(a -> parts.add(a.alert() + ": " + a.note()));
        if (!invariantsOk) {
            journal.invariants.stream().filter(r -> !r.succeeded()).forEach(r -> parts.add("invariant '" + r.name() + "' failed"));
        }
        if (journal.steadyStateAfter != null && !journal.steadyStateAfter.steadyStateMet()) {
            parts.add("steady state not restored after the rollbacks");
        }
        return String.join("; ", parts);
    }
}
