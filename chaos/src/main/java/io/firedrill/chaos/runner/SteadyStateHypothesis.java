package io.firedrill.chaos.runner;

import io.firedrill.chaos.core.RunContext;
import io.firedrill.chaos.model.Activity;
import io.firedrill.chaos.model.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The steady-state hypothesis, checked before the method (not met: nothing is injected) and again after the rollbacks
 * (not met: the run deviated). Met when every probe of the mode succeeds.
 */
public final class SteadyStateHypothesis {

    private final ActivityExecutor executor;

    public SteadyStateHypothesis(ActivityExecutor executor) {
        this.executor = executor;
    }

    public Journal.SteadyStateRun check(Scenario.SteadyState hypothesis, RunContext ctx) {
        List<Journal.ActivityRun> probes = new ArrayList<>();
        for (Activity probe : hypothesis.probes()) {
            if (probe.appliesTo(ctx.mode())) {
                probes.add(executor.execute(probe, ctx));
            }
        }
        return new Journal.SteadyStateRun(probes.stream().allMatch(Journal.ActivityRun::succeeded), probes);
    }
}
