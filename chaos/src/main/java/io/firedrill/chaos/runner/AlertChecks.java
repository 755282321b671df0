package io.firedrill.chaos.runner;

import io.firedrill.chaos.core.AlertSinkClient;
import io.firedrill.chaos.core.Durations;
import io.firedrill.chaos.core.RunContext;
import io.firedrill.chaos.model.Scenario;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The alerts a run is judged by, read at the webhook sink (what the on-call receives): each expected alert must fire
 * within its {@code within} of the fault and, when it names a {@code resolveWithin}, resolve that soon after the
 * rollbacks; each forbidden alert must stay silent. Notifications count only from this run's start: a previous run's
 * alert lifecycle must not pass for this one's.
 */
final class AlertChecks {

    private static final String DEFAULT_WITHIN = "60s";

    private final PrintStream out;

    AlertChecks(PrintStream out) {
        this.out = out;
    }

    /** How long a run waits for a previous run's alerts to clear before it gives up without injecting anything. */
    static final Duration QUIET_WAIT = Duration.ofMinutes(3);

    /**
     * Waits until none of the scenario's alerts (expected and forbidden, any mode) is pending or firing in Prometheus:
     * an alert still raised by the run before (in a nightly, the previous scenario's fault) would otherwise fire during
     * this run and pass for its effect, or fail it as forbidden. Null once quiet; otherwise what is still active.
     */
    String awaitQuiet(Scenario scenario, RunContext ctx) throws InterruptedException {
        java.util.Set<String> names = new java.util.TreeSet<>();
        scenario.expectedAlerts().forEach(a -> names.add(a.alert()));
        scenario.forbiddenAlerts().forEach(a -> names.add(a.alert()));
        if (names.isEmpty()) {
            return null;
        }
        String query = "count by (alertname, alertstate) (ALERTS{alertname=~\"" + String.join("|", names) + "\"})";
        Instant deadline = Instant.now().plus(QUIET_WAIT);
        boolean told = false;
        while (true) {
            List<String> active;
            try {
                active = io.firedrill.chaos.provider.PrometheusQueries.labelsOf(query, "alertname", "alertstate", ctx);
            } catch (Exception e) {
                return "cannot ask Prometheus which alerts are active: " + e.getMessage();
            }
            if (active.isEmpty()) {
                return null;
            }
            if (Instant.now().isAfter(deadline)) {
                return "alerts of this scenario still active after " + QUIET_WAIT.toMinutes() + " min: " + String.join(", ", active);
            }
            if (!told) {
                out.printf("  waiting for alerts of an earlier run to clear: %s%n", String.join(", ", active));
                told = true;
            }
            Thread.sleep(2_000);
        }
    }

    /** Waits for each of the mode's expected alerts to fire, counting from {@code clock} (the fault). */
    List<Journal.AlertVerdict> awaitFiring(List<Scenario.ExpectedAlert> expected, Instant clock, RunContext ctx) {
        List<Journal.AlertVerdict> fired = new ArrayList<>();
        for (Scenario.ExpectedAlert alert : expected) {
            if (alert.appliesTo(ctx.mode())) {
                fired.add(awaitFiring(alert, clock, ctx));
            }
        }
        return fired;
    }

    /** The final verdict of an expected alert: fired, and resolved in time after the rollbacks where that is asked. */
    Journal.AlertVerdict awaitResolved(Journal.AlertVerdict fired, Instant rolledBackAt, RunContext ctx) {
        if (fired.resolveWithin() == null || fired.firedAt() == null) {
            return fired;
        }
        Duration within = Durations.parse(fired.resolveWithin());
        Optional<Instant> at = awaitQuietly(ctx, fired.alert(), "resolved", rolledBackAt, within);
        at.ifPresent(t -> ctx.timeline().add(t, "alert-resolved", fired.alert()));
        Double ttr = at.map(t -> Duration.between(rolledBackAt, t).toMillis() / 1000.0).orElse(null);
        boolean ok = fired.ok() && at.isPresent();
        out.printf("  %6.1fs %-32s %s%n", ctx.timeline().secondsSinceStart(Instant.now()), fired.alert(),
                at.isPresent() ? String.format("resolved %.1f s after the rollback", ttr) : "did NOT resolve within " + within.toSeconds() + " s");
        return new Journal.AlertVerdict(fired.alert(), true, fired.firedAt(), at.orElse(null), fired.timeToDetectSeconds(), ttr,
                fired.within(), fired.resolveWithin(), ok, !fired.ok() ? fired.note() : at.isPresent() ? "fired and resolved" : "never resolved");
    }

    /** A verdict for each of the mode's forbidden alerts: ok when it sent no firing notification since {@code since}. */
    List<Journal.AlertVerdict> checkSilent(List<Scenario.ForbiddenAlert> forbidden, Instant since, RunContext ctx) {
        List<Journal.AlertVerdict> verdicts = new ArrayList<>();
        for (Scenario.ForbiddenAlert alert : forbidden) {
            if (alert.appliesTo(ctx.mode())) {
                Optional<Instant> at = sink(ctx).firstNotification(alert.alert(), "firing", since);
                verdicts.add(new Journal.AlertVerdict(alert.alert(), false, at.orElse(null), null, null, null, null, null,
                        at.isEmpty(), at.isPresent() ? "fired but must not in mode " + ctx.mode() : "stayed silent"));
                at.ifPresent(t -> ctx.timeline().add(t, "alert-firing", alert.alert() + " (forbidden)"));
            }
        }
        return verdicts;
    }

    private Journal.AlertVerdict awaitFiring(Scenario.ExpectedAlert expected, Instant clock, RunContext ctx) {
        Duration within = Durations.parse(expected.within() == null ? DEFAULT_WITHIN : expected.within());
        Duration remaining = within.minus(Duration.between(clock, Instant.now()));
        Optional<Instant> at;
        try {
            at = sink(ctx).firstNotification(expected.alert(), "firing", clock)
                    .or(() -> awaitQuietly(ctx, expected.alert(), "firing", clock, remaining.isNegative() ? Duration.ZERO : remaining));
        } catch (RuntimeException e) {
            at = Optional.empty();
        }
        at.ifPresent(t -> ctx.timeline().add(t, "alert-firing", expected.alert()));
        Double ttd = at.map(t -> Duration.between(clock, t).toMillis() / 1000.0).orElse(null);
        boolean ok = at.isPresent() && ttd <= within.toMillis() / 1000.0;
        out.printf("  %6.1fs %-32s %s%n", ctx.timeline().secondsSinceStart(Instant.now()), expected.alert(),
                at.isPresent() ? String.format("fired %.1f s after the fault", ttd) : "did NOT fire within " + within.toSeconds() + " s");
        return new Journal.AlertVerdict(expected.alert(), true, at.orElse(null), null, ttd, null, expected.within(),
                expected.resolveWithin(), ok, ok ? "fired in time" : at.isPresent() ? "fired too late" : "never fired");
    }

    private static Optional<Instant> awaitQuietly(RunContext ctx, String alert, String status, Instant since, Duration timeout) {
        try {
            return sink(ctx).await(alert, status, since, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static AlertSinkClient sink(RunContext ctx) {
        return new AlertSinkClient(ctx.endpoints().alertSinkUrl(), ctx.endpoints().alertmanagerUrl());
    }
}
