package io.firedrill.drill.host;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.chaos.core.Durations;
import io.firedrill.chaos.core.RunContext;
import io.firedrill.chaos.core.Timeline;
import io.firedrill.chaos.dashboard.PanelData;
import io.firedrill.chaos.dashboard.PanelQueries;
import io.firedrill.chaos.model.Activity;
import io.firedrill.chaos.model.Scenario;
import io.firedrill.chaos.provider.TrafficProvider;
import io.firedrill.chaos.runner.ActivityExecutor;
import io.firedrill.chaos.runner.Journal;
import io.firedrill.chaos.runner.Method;
import io.firedrill.chaos.runner.PipelineFloor;
import io.firedrill.chaos.runner.Preconditions;
import io.firedrill.chaos.runner.Rollbacks;
import io.firedrill.chaos.runner.ScenarioFile;
import io.firedrill.chaos.runner.SteadyStateHypothesis;
import io.firedrill.chaos.runner.Tolerances;
import io.firedrill.drill.model.DrillFiles;
import io.firedrill.drill.model.DrillRecord;
import io.firedrill.drill.model.ScoreCard;
import io.firedrill.drill.report.DrillReports;
import io.firedrill.drill.report.History;
import io.firedrill.drill.runbook.AuditedExecutor;
import io.firedrill.drill.runbook.RunbookSection;
import io.firedrill.stack.Stack;
import io.firedrill.stack.component.SpringService;
import io.firedrill.traffic.Operation;
import io.firedrill.traffic.TrafficResult;
import io.firedrill.traffic.TrafficRun;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One drill's life inside the host: pick the scenario (seeded; {@code random} may draw a no-fault control), check the
 * preconditions and the steady state (either failing: refused, nothing injected), start steady checkout traffic, run the
 * scenario's method in its defect mode (its actions; its chaos-only probes and non-fault sleeps are skipped: a drill keeps
 * the fault on until mitigated or the time limit), then watch: pages from the alert sink, and mitigation — never
 * declared, detected when the scenario's steady-state probes hold, its expected alerts have fired and resolved, and, with
 * the traffic stopped, its invariants hold. At mitigation, the time limit, an abort or a SIGTERM the scenario's
 * rollbacks run; then the score card and the reports.
 *
 * <p>Every change to the record is saved at once ({@code drill.json}), and {@code rollbackOwed} is saved before the
 * first fault is injected, so a crash of the host leaves enough for the next {@code start} or {@code status} to finish
 * the rollbacks ({@link Recovery}).
 */
public final class DrillEngine {

    public static final String CONTROL = "control";
    /** A control's correct diagnosis: nothing is broken. */
    public static final List<String> CONTROL_DIAGNOSIS = List.of("none", "no-fault");
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Stack stack;
    private final DrillFiles files;
    private final DrillRecord drill;
    private final PrintStream out;
    private final double trafficRate;
    private final ActivityExecutor executor;
    private final AtomicBoolean abortRequested = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Set<String> seenNotifications = new HashSet<>();
    private final Object actions = new Object();

    private ScenarioFile scenarioFile;
    private Scenario scenario;
    private RunContext ctx;
    private Journal journal;
    private Method method;
    private Rollbacks rollbacks;
    private Method secondMethod;
    private Rollbacks secondRollbacks;
    private TrafficRun traffic;
    private int trafficRuns;

    public DrillEngine(Stack stack, DrillFiles files, DrillRecord drill, PrintStream out, double trafficRate) {
        this.stack = stack;
        this.files = files;
        this.drill = drill;
        this.out = out;
        this.trafficRate = trafficRate;
        this.executor = new ActivityExecutor(out);
    }

    public DrillRecord record() {
        return drill;
    }

    /** Runs the drill to its end (the host's main thread). */
    public void run() {
        try {
            if (!prepare()) {
                return;
            }
            watch();
        } catch (RuntimeException e) {
            e.printStackTrace(out);
            conclude(DrillRecord.Outcome.aborted, "the drill host failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            conclude(DrillRecord.Outcome.aborted, "interrupted");
        } finally {
            end();
        }
    }

    /** Picks, checks, starts traffic and injects; false when refused (the record says why). */
    private boolean prepare() throws InterruptedException {
        pick();
        Timeline timeline = new Timeline();
        Scenario checked = drill.control ? controlScenario() : scenario;
        String notReady = new Preconditions(stack).awaitMet(checked);
        if (notReady != null) {
            refuse(notReady + "; nothing was injected");
            return false;
        }
        ctx = new RunContext(stack, stack.endpoints(), drill.mode, drill.control ? Map.of() : modeVariables(), timeline);
        if (!drill.control) {
            journal = Journal.begin(scenarioFile, drill.mode, timeline);
            Journal.SteadyStateRun before = new SteadyStateHypothesis(executor).check(scenario.steadyState(), ctx);
            if (!before.steadyStateMet()) {
                refuse("the steady state does not hold before the drill ("
                        + before.probes().stream().filter(p -> !p.succeeded()).map(Journal.ActivityRun::name).toList()
                        + "); nothing was injected");
                return false;
            }
        }
        if (!drill.control) {
            readAlertFloors();
        }
        startTraffic();
        if (!drill.control) {
            inject();
        } else {
            drill.faultAt = null;
            drill.event(Instant.now(), "start", "no-fault control: nothing injected");
        }
        drill.phase = DrillRecord.Phase.running;
        save();
        return true;
    }

    private void readAlertFloors() {
        try {
            PipelineFloor floor = PipelineFloor.read(ctx.endpoints().prometheusUrl(), ctx.endpoints().alertmanagerUrl());
            for (Scenario.ExpectedAlert alert : scenario.expectedAlerts()) {
                if (alert.appliesTo(drill.mode)) {
                    drill.alertFloors.put(alert.alert(), floor.of(alert.alert()).total());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            out.println("pipeline floor unreadable: " + e.getMessage());
        }
    }

    private void pick() {
        Random random = new Random(drill.seed);
        String requested = drill.scenario == null ? "random" : drill.scenario;
        if (requested.equals("random")) {
            List<String> choices = new ArrayList<>(drillableNames(stack.layout().projectRoot()));
            choices.add(CONTROL);
            requested = choices.get(random.nextInt(choices.size()));
        }
        drill.scenario = requested;
        drill.control = requested.equals(CONTROL);
        if (drill.control) {
            drill.mode = CONTROL;
            drill.truth = new DrillRecord.Truth(CONTROL, "No-fault control: nothing is broken", "Nothing was injected: "
                    + "this was a no-fault control; the right response is to confirm the system is healthy and change nothing.",
                    CONTROL_DIAGNOSIS, List.of(), null, null);
        } else {
            scenarioFile = ScenarioFile.load(stack.layout().projectRoot(), requested);
            scenario = scenarioFile.scenario();
            drill.mode = scenario.modes().containsKey("defect") ? "defect" : scenario.modes().keySet().iterator().next();
            Scenario.Fault fault = scenario.fault();
            drill.truth = new DrillRecord.Truth(requested, scenario.title(), fault == null ? null : fault.rootCause(),
                    fault == null ? List.of() : fault.diagnosis(), fault == null ? List.of() : fault.components(),
                    scenario.runbook(), fault == null ? null : fault.runbookSection());
        }
        save();
    }

    /** The scenarios a drill may play (a random draw picks among them and the control); see {@link Scenario#notDrillable()}. */
    public static List<String> drillableNames(java.nio.file.Path projectRoot) {
        return ScenarioFile.names(projectRoot).stream()
                .filter(n -> ScenarioFile.load(projectRoot, n).scenario().drillable()).toList();
    }

    private Scenario controlScenario() {
        List<String> services = SpringService.ALL.stream().map(SpringService.Spec::name).toList();
        return new Scenario("no-fault control", null, null, services, Map.of(CONTROL, new Scenario.Mode(null, Map.of())),
                null, null, null, null, null, null, null, null, null);
    }

    private Map<String, String> modeVariables() {
        Scenario.Mode mode = scenario.modes().get(drill.mode);
        return mode == null ? Map.of() : mode.variables();
    }

    /**
     * The method's steps a drill runs: every action; probes, non-fault sleeps and the steps marked {@code chaos-only} (one
     * that would end the fault or repair its damage before the responder does) are left out.
     */
    static List<Activity> drillSteps(List<Activity> method) {
        return method.stream()
                .filter(a -> !a.type().equals("probe"))
                .filter(a -> !a.chaosOnly())
                .filter(a -> a.fault() || !a.providerType().equals("sleep"))
                .toList();
    }

    private void inject() {
        List<Activity> steps = drillSteps(scenario.method()).stream().filter(a -> a.appliesTo(drill.mode)).toList();
        // Owed before anything is injected: a crash from here on leaves the rollbacks to the next start or status.
        drill.rollbackOwed = true;
        drill.injected = steps.stream().filter(Activity::fault).map(Activity::name).toList();
        save();
        method = new Method(executor);
        rollbacks = new Rollbacks(scenario.rollbacks(), journal, executor, out);
        rollbacks.arm(ctx);
        String failure = method.run(steps, ctx, journal);
        drill.faultAt = journal.faultStartedAt != null ? journal.faultStartedAt : Instant.now();
        drill.method = new ArrayList<>(journal.run);
        drill.event(drill.faultAt, "fault-on", drill.blind ? "fault injected (hidden)" : "fault injected: " + scenario.title());
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        save();
    }

    private void startTraffic() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("profile", "constant");
        args.put("rate", trafficRate);
        args.put("duration", (Durations.parse(drill.timeLimit).toSeconds() + 300) + "s");
        args.put("seed", drill.seed + trafficRuns);
        args.put("completion-timeout", "30s");
        traffic = TrafficProvider.start(args, ctx);
        trafficRuns++;
        drill.event(Instant.now(), "traffic", "background checkouts at " + trafficRate + "/s");
    }

    /** Stops the background traffic and adds its checkouts to the impact. */
    private void stopTraffic() {
        if (traffic == null) {
            return;
        }
        TrafficRun run = traffic;
        traffic = null;
        run.stop();
        try {
            TrafficResult result = run.await(Duration.ofSeconds(60));
            TrafficResult.OperationSummary completed = result.operation(Operation.CHECKOUT_COMPLETED);
            TrafficResult.OperationSummary accepted = result.operation(Operation.CHECKOUT_ACCEPTED);
            long attempted = accepted == null ? 0 : accepted.count();
            long failed = (accepted == null ? 0 : accepted.errors()) + (completed == null ? 0 : completed.errors());
            drill.checkoutsAttempted += attempted;
            drill.checkoutsFailed += Math.min(failed, attempted);
        } catch (RuntimeException e) {
            out.println("traffic result unavailable: " + e.getMessage());
        }
    }

    private void watch() throws InterruptedException {
        Instant deadline = drill.startedAt.plus(Durations.parse(drill.timeLimit));
        while (true) {
            pollPages();
            if (abortRequested.get()) {
                conclude(DrillRecord.Outcome.aborted, "aborted by the player");
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                conclude(drill.control ? DrillRecord.Outcome.control_completed : DrillRecord.Outcome.not_mitigated,
                        "the time limit (" + drill.timeLimit + ") passed");
                return;
            }
            if (!drill.control && steadyStateHolds() && expectedAlertsResolved()) {
                if (verify()) {
                    conclude(DrillRecord.Outcome.mitigated, "mitigation verified");
                    return;
                }
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The steady-state probes once each (no retries); failing http/sql probes feed the impact's worst values. */
    private boolean steadyStateHolds() {
        boolean holds = true;
        for (Activity probe : scenario.steadyState().probes()) {
            if (!probe.appliesTo(drill.mode)) {
                continue;
            }
            Journal.ActivityRun run = executor.execute(once(probe), ctx);
            if (!run.succeeded()) {
                holds = false;
                worst(probe, run);
            }
        }
        return holds;
    }

    private void worst(Activity probe, Journal.ActivityRun run) {
        if (probe.tolerance() == null || !(probe.providerType().equals("http") || probe.providerType().equals("sql"))) {
            return;
        }
        Double value = Tolerances.measured(probe.tolerance(), run.output());
        if (value != null && value > 0) {
            synchronized (drill) {
                drill.worstProbeValues.merge(probe.name(), value, Math::max);
            }
        }
    }

    private static Activity once(Activity a) {
        return new Activity(a.name(), a.type(), a.provider(), a.tolerance(), a.fault(), a.background(), null, a.modes(), null, a.chaosOnly());
    }

    /** The incident showed and its alerts are over: see {@link #expectedAlertsOver}. */
    private boolean expectedAlertsResolved() {
        List<Scenario.ExpectedAlert> expected = scenario.expectedAlerts().stream().filter(a -> a.appliesTo(drill.mode)).toList();
        synchronized (drill) {
            return expectedAlertsOver(expected, List.copyOf(drill.pages), drill.faultAt);
        }
    }

    /**
     * At least one expected alert fired after the fault (the incident showed), and each that fired and that the scenario
     * expects to resolve ({@code resolve-within}) sent a resolve after that. An expected alert that never fired does not
     * hold mitigation back: a responder who acts on the first page may end the fault before a slower alert's condition
     * is met (delayed-visibility's CdcRelayDown needs a heartbeat 10 s old; the runbook restarts the engine sooner). One
     * without {@code resolve-within} may never send a resolve: CdcRelayLagging is inhibited while CdcRelayDown fires,
     * and Alertmanager drops an inhibited alert that resolves without notifying. The steady-state probes check that
     * none of them is still pending or active.
     */
    static boolean expectedAlertsOver(List<Scenario.ExpectedAlert> expected, List<DrillRecord.Page> pages, Instant faultAt) {
        if (expected.isEmpty() || faultAt == null) {
            return false;
        }
        boolean anyFired = false;
        for (Scenario.ExpectedAlert alert : expected) {
            Instant fired = pages.stream().filter(p -> p.alert().equals(alert.alert()) && p.status().equals("firing")
                    && !p.receivedAt().isBefore(faultAt)).map(DrillRecord.Page::receivedAt).min(Instant::compareTo).orElse(null);
            if (fired == null) {
                continue;
            }
            anyFired = true;
            boolean resolved = pages.stream().anyMatch(p -> p.alert().equals(alert.alert()) && p.status().equals("resolved")
                    && p.receivedAt().isAfter(fired));
            if (alert.resolveWithin() != null && !resolved) {
                return false;
            }
        }
        return anyFired;
    }

    /** With the traffic stopped, the invariants (with their retry windows); traffic resumes when they fail. */
    private boolean verify() {
        drill.event(Instant.now(), "verification", "steady state holds and the expected alerts resolved: checking invariants");
        save();
        stopTraffic();
        List<String> failed = new ArrayList<>();
        for (Activity invariant : scenario.invariants()) {
            if (invariant.appliesTo(drill.mode)) {
                Journal.ActivityRun run = executor.execute(invariant, ctx);
                if (!run.succeeded()) {
                    failed.add(invariant.name());
                    worst(invariant, run);
                }
            }
        }
        if (failed.isEmpty() && steadyStateHolds()) {
            drill.mitigatedAt = Instant.now();
            drill.event(drill.mitigatedAt, "mitigation-verified", "steady state, invariants and resolved alerts all hold");
            return true;
        }
        drill.event(Instant.now(), "verification", "not mitigated yet: " + (failed.isEmpty() ? "steady state broke again" : failed));
        startTraffic();
        save();
        return false;
    }

    /** New notifications at the sink since the drill started become pages (Watchdog and severity none are not pages). */
    private void pollPages() {
        try {
            String url = ctx.endpoints().alertSinkUrl() + "/api/alerts?since="
                    + URLEncoder.encode(drill.startedAt.toString(), StandardCharsets.UTF_8);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode rows = DrillFiles.JSON.readTree(response.body());
            List<String> expected = drill.control ? List.of()
                    : scenario.expectedAlerts().stream().filter(a -> a.appliesTo(drill.mode)).map(Scenario.ExpectedAlert::alert).toList();
            boolean changed = false;
            for (JsonNode row : rows) {
                String alert = row.path("alertname").asText();
                String severity = row.path("labels").path("severity").asText("");
                if (alert.equals("Watchdog") || alert.equals("StackSmokeSignal") || severity.equals("none")) {
                    continue;
                }
                String key = row.path("receivedAt").asText() + "|" + alert + "|" + row.path("status").asText() + "|" + row.path("labels");
                if (!seenNotifications.add(key)) {
                    continue;
                }
                DrillRecord.Page page = new DrillRecord.Page(Instant.parse(row.path("receivedAt").asText()), row.path("status").asText(),
                        alert, severity, row.path("annotations").path("summary").asText(""),
                        row.path("annotations").path("runbook_url").asText(""), row.path("annotations").path("dashboard").asText(""));
                synchronized (drill) {
                    drill.pages.add(page);
                    drill.pages.sort((a, b) -> a.receivedAt().compareTo(b.receivedAt()));
                    boolean counts = expected.contains(alert) || (expected.isEmpty() && severity.equals("page"));
                    if (page.status().equals("firing") && counts && drill.firstPageAt == null) {
                        drill.firstPageAt = page.receivedAt();
                    }
                }
                drill.event(page.receivedAt(), page.status().equals("firing") ? "page" : "alert-resolved",
                        alert + " (" + severity + ")" + (page.status().equals("firing") ? ": " + page.summary() : ""));
                changed = true;
            }
            if (changed) {
                save();
            }
        } catch (Exception e) {
            out.println("alert sink unreadable: " + e.getMessage());
        }
    }

    // ---- player actions (HTTP API) ----

    public Map<String, Object> ack() {
        synchronized (actions) {
            requireRunning();
            if (drill.pages.stream().noneMatch(p -> p.status().equals("firing"))) {
                throw new ConflictException("nothing has paged yet: there is nothing to acknowledge");
            }
            if (drill.ackAt == null) {
                drill.ackAt = Instant.now();
                if (drill.firstPageAt == null) {
                    drill.firstPageAt = drill.pages.stream().filter(p -> p.status().equals("firing")).findFirst().orElseThrow().receivedAt();
                }
                drill.event(drill.ackAt, "ack", "acknowledged by " + drill.player);
                save();
            }
            return Map.of("acknowledgedAt", drill.ackAt.toString(), "ttaSeconds", drill.tta());
        }
    }

    public Map<String, Object> diagnose(String id) {
        synchronized (actions) {
            requireRunning();
            if (id == null || !id.matches("[a-z0-9][a-z0-9.\\-]{0,80}")) {
                throw new IllegalArgumentException("a diagnosis id is lower case, e.g. inventory.confirm-guard-off");
            }
            boolean correct = drill.truth.diagnosis().contains(id);
            Instant now = Instant.now();
            drill.diagnoses.add(new DrillRecord.Diagnosis(now, id, correct));
            if (correct && drill.correctDiagnosisAt == null) {
                drill.correctDiagnosisAt = now;
            }
            drill.event(now, "diagnosis", id + (correct ? " (correct)" : " (wrong)"));
            save();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", id);
            answer.put("correct", correct);
            answer.put("wrongDiagnoses", drill.wrongDiagnoses());
            return answer;
        }
    }

    public Map<String, Object> hint() {
        synchronized (actions) {
            requireRunning();
            List<String> hints = hints();
            int next = drill.hints.size();
            if (next >= hints.size()) {
                return Map.of("hint", "no more hints", "hintsUsed", next, "cost", 0);
            }
            DrillRecord.Hint hint = new DrillRecord.Hint(Instant.now(), next + 1, hints.get(next));
            drill.hints.add(hint);
            drill.event(hint.at(), "hint", "hint " + hint.number() + " taken");
            save();
            return Map.of("hint", hint.text(), "hintsUsed", drill.hints.size(), "cost", ScoreCard.HINT_COST);
        }
    }

    /** Progressive hints, from the truth: where to look, which runbook, which lever, the answer. */
    List<String> hints() {
        DrillRecord.Truth t = drill.truth;
        if (drill.control) {
            return List.of("Before changing anything, check whether anything actually pages (`pager`) and whether the "
                            + "dashboards show a problem.",
                    "Not every drill has a fault: changing settings on a healthy system is a false positive.",
                    "This is a no-fault control: diagnose `none` and leave the system alone.");
        }
        return List.of("Look at these components: " + String.join(", ", t.components()) + ".",
                "The runbook for this incident is " + t.runbook() + ": start with its Diagnosis section.",
                "The fix is in " + t.runbookSection() + ".",
                "The diagnosis id is " + (t.diagnosis().isEmpty() ? "(none declared)" : t.diagnosis().get(0)) + ".");
    }

    public Map<String, Object> runRunbook(String ref) {
        requireRunning();
        RunbookSection section = RunbookSection.read(stack.layout().projectRoot(), ref);
        AuditedExecutor audited = new AuditedExecutor(operatorDirectory(), stack.layout().ports().base(), 60);
        List<DrillRecord.CommandRun> runs = audited.run(section);
        synchronized (actions) {
            for (DrillRecord.CommandRun run : runs) {
                drill.commands.add(run);
                drill.event(run.start(), "command", ref + " block " + run.block() + ": exit " + run.exitCode());
            }
            save();
        }
        return Map.of("ref", ref, "commands", runs);
    }

    /** Where the runbooks' relative {@code .firedrill/admin-token} resolves: the stack home's parent. */
    private java.nio.file.Path operatorDirectory() {
        java.nio.file.Path home = stack.layout().home();
        return home.getFileName().toString().equals(".firedrill") ? home.getParent() : stack.layout().projectRoot();
    }

    public Map<String, Object> note(String text) {
        synchronized (actions) {
            requireRunning();
            if (text == null || text.isBlank() || text.length() > 2000) {
                throw new IllegalArgumentException("a note is 1 to 2000 characters");
            }
            Instant now = Instant.now();
            drill.notes.add(new DrillRecord.Note(now, text));
            drill.event(now, "note", text);
            save();
            return Map.of("notes", drill.notes.size());
        }
    }

    public Map<String, Object> abort() {
        if (drill.finished()) {
            throw new ConflictException("the drill has ended");
        }
        abortRequested.set(true);
        drill.event(Instant.now(), "abort", "abort requested");
        return Map.of("aborting", true);
    }

    /** Game master: inject a second scenario's faults (its defect mode, drill steps) mid-drill. */
    public Map<String, Object> secondFault(String name) {
        synchronized (actions) {
            requireRunning();
            if (!drill.gameMaster) {
                throw new ForbiddenException("a second fault needs a drill started with --game-master");
            }
            if (drill.secondFault != null || drill.control) {
                throw new ConflictException(drill.control ? "a control stays fault-free" : "a second fault is already injected");
            }
            ScenarioFile second = ScenarioFile.load(stack.layout().projectRoot(), name);
            if (name.equals(drill.scenario)) {
                throw new IllegalArgumentException("the drill's own scenario is already injected");
            }
            Scenario.Mode mode = second.scenario().modes().get("defect");
            RunContext secondCtx = new RunContext(stack, stack.endpoints(), "defect", mode == null ? Map.of() : mode.variables(), ctx.timeline());
            drill.secondFault = name;
            save();
            secondMethod = new Method(executor);
            secondRollbacks = new Rollbacks(second.scenario().rollbacks(), journal, executor, out);
            secondRollbacks.arm(secondCtx);
            List<Activity> steps = drillSteps(second.scenario().method()).stream().filter(a -> a.appliesTo("defect")).toList();
            String failure = secondMethod.run(steps, secondCtx, Journal.begin(second, "defect", ctx.timeline()));
            drill.event(Instant.now(), "fault-on", "game master: second fault " + name + (failure == null ? "" : " (" + failure + ")"));
            save();
            return Map.of("secondFault", name, "ok", failure == null);
        }
    }

    private void requireRunning() {
        if (drill.phase != DrillRecord.Phase.running) {
            throw new ConflictException("the drill is " + drill.phase + (drill.outcome == null ? "" : " (" + drill.outcome + ")"));
        }
    }

    // ---- the end ----

    private void refuse(String reason) {
        drill.phase = DrillRecord.Phase.refused;
        drill.outcome = DrillRecord.Outcome.refused;
        drill.reason = reason;
        drill.endedAt = Instant.now();
        out.println("refused: " + reason);
        save();
    }

    private void conclude(DrillRecord.Outcome outcome, String reason) {
        if (drill.outcome == null) {
            drill.outcome = outcome;
            drill.reason = reason;
        }
    }

    /** From SIGTERM: abort and finish (rollbacks, reports) before the JVM exits. */
    public void terminate() {
        conclude(DrillRecord.Outcome.aborted, "the drill host was terminated (SIGTERM); rollbacks ran");
        abortRequested.set(true);
        end();
    }

    /** Exactly once: stop traffic, run the rollbacks, score, write the reports and the history, clear current/. */
    public void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            if (drill.phase != DrillRecord.Phase.refused) {
                drill.phase = DrillRecord.Phase.ending;
                save();
            }
            stopTraffic();
            if (method != null) {
                method.close();
            }
            if (secondMethod != null) {
                secondMethod.close();
            }
            restore();
            if (drill.phase != DrillRecord.Phase.refused) {
                drill.phase = DrillRecord.Phase.finished;
            }
            if (drill.outcome == null) {
                drill.outcome = DrillRecord.Outcome.aborted;
            }
            drill.endedAt = drill.endedAt == null ? Instant.now() : drill.endedAt;
            drill.event(drill.endedAt, "end", drill.outcome + (drill.reason == null ? "" : ": " + drill.reason));
            drill.panels = panels();
            finish(files, drill);
        } catch (RuntimeException e) {
            e.printStackTrace(out);
        }
    }

    /** The scenario's dashboard panels over the drill, for its report (never throws: a failure is a "no data" chart). */
    private List<PanelData> panels() {
        if (scenario == null || drill.outcome == DrillRecord.Outcome.refused) {
            return List.of();
        }
        return PanelQueries.fetchRun(stack.layout().projectRoot(), scenario.panels(), stack.endpoints().prometheusUrl(),
                drill.startedAt, drill.endedAt);
    }

    private void restore() {
        try {
            if (rollbacks != null) {
                rollbacks.runOnce();
                rollbacks.awaitFinished(Duration.ofSeconds(120));
            }
            if (secondRollbacks != null) {
                secondRollbacks.runOnce();
                secondRollbacks.awaitFinished(Duration.ofSeconds(120));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (journal != null) {
            drill.rollbacks = new ArrayList<>(journal.rollbacks);
        }
        if (drill.control && drill.settingsChanges() > 0 && ctx != null) {
            drill.rollbacks = new ArrayList<>(resetEveryService(executor, ctx));
        }
        if (!drill.rollbacks.isEmpty()) {
            drill.event(Instant.now(), "fault-off", "rollbacks done (" + drill.rollbacks.stream().filter(Journal.ActivityRun::succeeded).count()
                    + "/" + drill.rollbacks.size() + " succeeded)");
        }
        drill.rollbackOwed = false;
        drill.rollbacksDone = true;
        save();
    }

    /** A control "fixed" anyway: every service's settings back to the configured ones. */
    static List<Journal.ActivityRun> resetEveryService(ActivityExecutor executor, RunContext ctx) {
        List<Journal.ActivityRun> runs = new ArrayList<>();
        for (SpringService.Spec service : SpringService.ALL) {
            String name = RunContext.variableName(service);
            Activity reset = new Activity(name + " settings back to the configured ones", "action",
                    Map.of("type", "http", "method", "DELETE", "url", "${" + name + ".admin}/admin/settings", "auth", "admin"),
                    null, false, false, null, null, null, false);
            runs.add(executor.execute(reset, ctx));
        }
        return runs;
    }

    /** Score, reports, history; the drill leaves current/. Shared with {@link Recovery}. */
    static void finish(DrillFiles files, DrillRecord drill) {
        drill.impact = new DrillRecord.Impact(drill.checkoutsAttempted, drill.checkoutsFailed,
                Math.round(drill.worstProbeValues.values().stream().mapToDouble(Double::doubleValue).sum()), Map.copyOf(drill.worstProbeValues));
        if (drill.outcome != DrillRecord.Outcome.refused) {
            drill.score = ScoreCard.of(drill);
        }
        files.save(drill);
        if (drill.outcome != DrillRecord.Outcome.refused) {
            DrillReports.write(drill, files.dir(drill.id));
            History.writeIndex(files);
        }
        files.host().filter(h -> h.id().equals(drill.id)).ifPresent(h -> files.clearCurrent());
    }

    private void save() {
        files.save(drill);
    }

    /** 409: the action does not fit the drill's state. */
    public static final class ConflictException extends RuntimeException {
        public ConflictException(String message) { super(message); }
    }

    /** 403: the action needs game-master mode. */
    public static final class ForbiddenException extends RuntimeException {
        public ForbiddenException(String message) { super(message); }
    }
}
