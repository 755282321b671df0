package io.firedrill.drill.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.firedrill.chaos.dashboard.PanelData;
import io.firedrill.chaos.runner.Journal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one drill is and did, persisted as {@code .firedrill/drills/<id>/drill.json} after every change: what was
 * picked, what is owed (rollbacks of what was injected), every page, player action and command, the outcome, the impact
 * and the score card. The host owns it while it runs; after a crash of the host the next {@code start} or
 * {@code status} reads it to finish the rollbacks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class DrillRecord {

    /** Where the drill is in its life. */
    public enum Phase { starting, refused, running, ending, finished }

    /**
     * How it ended: mitigated (verified), not_mitigated (the time limit), aborted (abort, a crash of the host, or a
     * SIGTERM), control_completed (a no-fault control ran to its limit), refused (nothing injected).
     */
    public enum Outcome { mitigated, not_mitigated, aborted, control_completed, refused }

    /** The incident's truth, from the scenario's {@code fault} block; hidden from a blind player until the end. */
    public record Truth(String scenario, String title, String rootCause, List<String> diagnosis, List<String> components,
                        String runbook, String runbookSection) {}

    /** One notification at the alert sink, as the pager shows it. */
    public record Page(Instant receivedAt, String status, String alert, String severity, String summary, String runbookUrl,
                       String dashboard) {}

    public record Diagnosis(Instant at, String id, boolean correct) {}

    public record Hint(Instant at, int number, String text) {}

    public record Note(Instant at, String text) {}

    /** One runnable block run through the audited executor. */
    public record CommandRun(String ref, int block, String command, Instant start, Instant end, int exitCode, String output,
                             boolean changesSettings) {}

    public record Event(Instant at, String kind, String label) {}

    /** What users and data suffered while the drill ran. */
    public record Impact(long checkoutsAttempted, long checkoutsFailed, long invariantBreaches,
                         Map<String, Double> worstProbeValues) {}

    public String id;
    public String player;
    /** The scenario's name, or {@code control} for a no-fault control. */
    public String scenario;
    public boolean control;
    public String mode;
    public long seed;
    public boolean blind = true;
    public boolean gameMaster;
    public String timeLimit;
    public Phase phase = Phase.starting;
    public Outcome outcome;
    public String reason;
    public Long hostPid;
    public Integer port;

    public Instant startedAt;
    public Instant faultAt;
    public Instant firstPageAt;
    public Instant ackAt;
    public Instant correctDiagnosisAt;
    public Instant mitigatedAt;
    public Instant endedAt;

    /** True from just before the first fault is injected until the rollbacks have run. */
    public boolean rollbackOwed;
    public boolean rollbacksDone;
    /** The fault steps, each recorded before it is injected. */
    public List<String> injected = new ArrayList<>();
    /** A second fault injected by the game master (its scenario's rollbacks are owed too). */
    public String secondFault;

    public Truth truth;
    public List<Page> pages = new ArrayList<>();
    public List<Diagnosis> diagnoses = new ArrayList<>();
    public List<Hint> hints = new ArrayList<>();
    public List<Note> notes = new ArrayList<>();
    public List<CommandRun> commands = new ArrayList<>();
    public List<Event> timeline = new ArrayList<>();
    public Map<String, Double> worstProbeValues = new LinkedHashMap<>();
    /**
     * Each expected alert's pipeline delay read from the live Prometheus and Alertmanager at the start (worst case:
     * scrape + evaluation + {@code for} + group_wait): no responder can be paged sooner after the fault shows.
     */
    public Map<String, Double> alertFloors = new LinkedHashMap<>();
    public long checkoutsAttempted;
    public long checkoutsFailed;
    public Impact impact;
    public ScoreCard score;
    public List<Journal.ActivityRun> method = new ArrayList<>();
    public List<Journal.ActivityRun> rollbacks = new ArrayList<>();
    /** The scenario's dashboard panels over [start - 30 s, end], as Prometheus answered; charted in report.html. */
    public List<PanelData> panels = new ArrayList<>();

    public synchronized void event(Instant at, String kind, String label) {
        timeline.add(new Event(at, kind, label));
        timeline.sort((a, b) -> a.at().compareTo(b.at()));
    }

    public boolean finished() {
        return phase == Phase.finished || phase == Phase.refused;
    }

    /** Seconds from {@code from} to {@code to}, or null when either is missing. */
    public static Double seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toMillis() / 1000.0;
    }

    public Double tta() { return seconds(firstPageAt, ackAt); }

    public Double ttd() { return seconds(faultAt, correctDiagnosisAt); }

    public Double ttm() { return seconds(faultAt, mitigatedAt); }

    public long wrongDiagnoses() {
        return diagnoses.stream().filter(d -> !d.correct()).count();
    }

    /** Commands that changed a setting (a mitigation or rollback section, or a write by curl or SQL). */
    public long settingsChanges() {
        return commands.stream().filter(CommandRun::changesSettings).count();
    }
}
