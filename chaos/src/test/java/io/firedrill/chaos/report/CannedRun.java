package io.firedrill.chaos.report;

import io.firedrill.chaos.core.Timeline;
import io.firedrill.chaos.dashboard.PanelData;
import io.firedrill.chaos.runner.Journal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * An oversell run as a journal would hold it, without a stack: 120 s from 00:00:00, fault on at 20 s, InventoryOversold
 * fired at 35 s, fault off at 80 s, resolved at 95 s; its panels sampled every second from 30 s before the start, shaped
 * like the live series (oversold units stepping up during the fault, guard rejections, the SLI error ratio rising),
 * plus a panel whose query returned nothing and one Prometheus refused.
 */
final class CannedRun {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant END = START.plusSeconds(120);

    private CannedRun() {}

    static Journal journal() {
        Journal j = new Journal();
        j.experiment = new Journal.Experiment("oversell", "Oversell: reservations expire under slow payments", null, "defect",
                "guard off", "chaos/scenarios/oversell/scenario.yaml", "runbooks/oversell.md");
        j.start = START;
        j.end = END;
        j.duration = 120;
        j.status = Journal.Status.completed;
        j.timeline = events();
        j.panels = panels();
        return j;
    }

    static List<Timeline.Event> events() {
        return List.of(new Timeline.Event(START.plusSeconds(20), "fault-on", "slow payments, guard off"),
                new Timeline.Event(START.plusSeconds(35), "alert-firing", "InventoryOversold"),
                new Timeline.Event(START.plusSeconds(80), "fault-off", "rollbacks done"),
                new Timeline.Event(START.plusSeconds(95), "alert-resolved", "InventoryOversold"));
    }

    static List<PanelData> panels() {
        Instant from = START.minusSeconds(30);
        return List.of(
                panel("firedrill-checkout-flow", "Oversold units", "short",
                        query("A", "max(firedrill_inventory_oversold_units)", series("max(firedrill_inventory_oversold_units)",
                                t -> t < 30 ? 0 : Math.min(12, Math.floor((t - 30) / 4))))),
                panel("firedrill-checkout-flow", "Confirm guard decisions", "ops",
                        query("A", "sum by (outcome) (rate(firedrill_reservation_commit_total[8s]))",
                                series("committed", t -> 5 + Math.sin(t / 5)),
                                series("rejected", t -> t > 22 && t < 82 ? 2 + Math.cos(t / 3) : 0))),
                panel("firedrill-checkout-flow", "Availability SLI error ratio (1h window)", "percentunit",
                        query("A", "max(slo:sli_error:ratio_rate1h{slo=\"checkout-availability\"})",
                                series("", t -> t < 20 ? 0.001 : Math.min(0.04, 0.001 + (t - 20) * 0.0007)))),
                panel("firedrill-infra", "Replica lag (heartbeat)", "s",
                        new PanelData.Query("A", "max by (service) (firedrill_replica_lag_seconds)", null, List.of(), 0)),
                panel("firedrill-infra", "Kafka consumer lag", "short",
                        new PanelData.Query("A", "sum by (group, topic) (firedrill:kafka_consumer_lag:sum",
                                "query failed (HTTP 400): 1:56: parse error: unclosed left parenthesis", List.of(), 0)));
    }

    private static PanelData panel(String dashboard, String title, String unit, PanelData.Query... queries) {
        return new PanelData(dashboard, title, unit, START.minusSeconds(30), END, 1, List.of(queries));
    }

    private static PanelData.Query query(String refId, String expr, PanelData.Series... series) {
        return new PanelData.Query(refId, expr, null, List.of(series), 0);
    }

    /** One sample a second from 30 s before the start to the end; {@code f} takes seconds since the start. */
    private static PanelData.Series series(String legend, DoubleUnaryOperator f) {
        List<double[]> points = new ArrayList<>();
        double start = START.getEpochSecond();
        for (int t = -30; t <= 120; t++) {
            points.add(new double[] {start + t, f.applyAsDouble(t)});
        }
        return new PanelData.Series(legend, points.toArray(double[][]::new));
    }
}
