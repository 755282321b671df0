package io.firedrill.chaos.runner;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of one run, in Chaos Toolkit's journal shape: experiment, start/end, a status from a closed
 * set, a separate {@code deviated} flag, steady states before/after, each activity's result, rollbacks;
 * plus Firedrill's expected/forbidden alert verdicts, invariants and the timeline.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Journal {

    /** completed: ran to the end with every check met; failed: a check failed; aborted: could not start or a step broke; interrupted: Ctrl-C. */
    public enum Status { completed, failed, aborted, interrupted }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Experiment(String name, String title, String description, String mode, String modeDescription,
                             String file, String runbook) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActivityRun(String name, String type, String provider, Instant start, Instant end, double durationSeconds,
                              String status, Object output, String error, Boolean toleranceMet) {}

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
}
