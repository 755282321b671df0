package io.firedrill.chaos.runner;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.firedrill.chaos.core.Timeline;
import io.firedrill.chaos.dashboard.PanelData;
import io.firedrill.chaos.model.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of one run, in Chaos Toolkit's journal shape: experiment, start/end, a status from a closed
 * set, a separate {@code deviated} flag, steady states before/after, each activity's result, rollbacks;
 * plus Firedrill's expected/forbidden alert verdicts, invariants, the timeline and the scenario's dashboard panels
 * over the run.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Journal {

    /** completed: ran to the end with every check met; failed: a check failed; aborted: could not start or a step broke; interrupted: Ctrl-C. */
    public enum Status { completed, failed, aborted, interrupted }

    /**
     * How one activity ended, Chaos Toolkit's run status: succeeded, or failed (an error, or a probe outside its tolerance).
     * The constants are named as the journal writes them.
     */
    public enum Outcome {
        succeeded, failed;

        public static Outcome of(boolean succeeded) {
            return succeeded ? Outcome.succeeded : failed;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Experiment(String name, String title, String description, String mode, String modeDescription,
                             String file, String runbook) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActivityRun(String name, String type, String provider, Instant start, Instant end, double durationSeconds,
                              Outcome status, Object output, String error, Boolean toleranceMet) {
        public boolean succeeded() {
            return status == Outcome.succeeded;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SteadyStateRun(boolean steadyStateMet, List<ActivityRun> probes) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AlertVerdict(String alert, boolean expected, Instant firedAt, Instant resolvedAt,
                               Double timeToDetectSeconds, Double timeToResolveSeconds, String within, String resolveWithin,
                               boolean ok, String note) {}

    public Experiment experiment;
    public Instant start;
    public Instant end;
    public double duration;
    public Status status;
    public boolean deviated;
    public String reason;
    public Instant faultStartedAt;
    public SteadyStateRun steadyStateBefore;
    public SteadyStateRun steadyStateAfter;
    public List<ActivityRun> run = new ArrayList<>();
    public List<ActivityRun> rollbacks = new ArrayList<>();
    public List<AlertVerdict> alerts = new ArrayList<>();
    public List<ActivityRun> invariants = new ArrayList<>();
    public List<Timeline.Event> timeline = new ArrayList<>();
    /** The scenario's dashboard panels over [start - 30 s, end], as Prometheus answered ({@code PanelQueries}). */
    public List<PanelData> panels = new ArrayList<>();

    /** A journal for a run of {@code file} in {@code mode} that starts with {@code timeline}. */
    public static Journal begin(ScenarioFile file, String mode, Timeline timeline) {
        Journal journal = new Journal();
        Scenario scenario = file.scenario();
        Scenario.Mode modeSpec = scenario.modes().get(mode);
        journal.experiment = new Experiment(file.name(), scenario.title(), scenario.description(), mode,
                modeSpec == null ? null : modeSpec.description(), file.path().toString(), scenario.runbook());
        journal.start = timeline.start();
        return journal;
    }

    /** Ends the run with {@code status}; {@code reason} says why when it did not complete. */
    public void conclude(Status status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    /** Closes the record: end time, duration and the timeline as it stands. */
    public void finish(Timeline timeline) {
        end = Instant.now();
        duration = Duration.between(start, end).toMillis() / 1000.0;
        this.timeline = timeline.events();
    }
}
