package io.firedrill.drill.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The drill's score out of 100 and how it was reached, line by line (docs/drills.md states the same formula).
 *
 * <p>A fault drill: acknowledge 15 (full within 60 s of the page, falling linearly to 0 at 15 min; no ack or no page: 0),
 * diagnose 30 (correct diagnosis within 5 min of the fault, falling linearly to 10 at the time limit; never: 0), mitigate
 * 45 (verified within 10 min of the fault, falling linearly to 15 at the time limit; not mitigated: 0), impact 10 (minus
 * one per percent of background checkouts failed, minus one per unit or order breaking an invariant, floor 0); then
 * minus 5 per hint and 5 per wrong diagnosis. A no-fault control: 100, minus 50 per settings change (a false positive),
 * 5 per hint and 5 per wrong diagnosis. Both clamp to 0..100.
 */
public record ScoreCard(int score, Double ttaSeconds, Double ttdSeconds, Double ttmSeconds, int hintsUsed, long wrongDiagnoses,
                        long falsePositives, long checkoutsFailed, long checkoutsAttempted, long invariantBreaches,
                        List<Line> lines) {

    public static final int HINT_COST = 5;
    public static final int WRONG_DIAGNOSIS_COST = 5;
    public static final int FALSE_POSITIVE_COST = 50;

    /** One part of the score: what it is for, the figure it was computed from, and the points. */
    public record Line(String part, String basis, double points, double max) {}

    public static ScoreCard of(DrillRecord drill) {
        Duration limit = io.firedrill.chaos.core.Durations.parse(drill.timeLimit == null ? "20m" : drill.timeLimit);
        List<Line> lines = new ArrayList<>();
        double total;
        long falsePositives = 0;
        if (drill.control) {
            falsePositives = drill.settingsChanges();
            lines.add(new Line("left alone", "no-fault control", 100, 100));
            lines.add(new Line("false positives", falsePositives + " settings change(s)", -FALSE_POSITIVE_COST * falsePositives, 0));
            total = 100 - FALSE_POSITIVE_COST * falsePositives;
        } else {
            double seconds = limit.toMillis() / 1000.0;
            double ack = linear(drill.tta(), 15, 60, 900, 0);
            double diagnose = linear(drill.ttd(), 30, 300, seconds, 10);
            double mitigate = linear(drill.ttm(), 45, 600, seconds, 15);
            double failedPercent = drill.checkoutsAttempted == 0 ? 0 : 100.0 * drill.checkoutsFailed / drill.checkoutsAttempted;
            long breaches = breaches(drill);
            double impact = Math.max(0, 10 - failedPercent - breaches);
            lines.add(new Line("acknowledge", describe("TTA", drill.tta()), ack, 15));
            lines.add(new Line("diagnose", describe("TTD", drill.ttd()), diagnose, 30));
            lines.add(new Line("mitigate", describe("TTM", drill.ttm()), mitigate, 45));
            lines.add(new Line("impact", String.format(java.util.Locale.ROOT, "%d of %d checkouts failed (%.1f%%), %d invariant breach(es)",
                    drill.checkoutsFailed, drill.checkoutsAttempted, failedPercent, breaches), impact, 10));
            total = ack + diagnose + mitigate + impact;
        }
        long wrong = drill.wrongDiagnoses();
        lines.add(new Line("hints", drill.hints.size() + " used", -HINT_COST * drill.hints.size(), 0));
        lines.add(new Line("wrong diagnoses", wrong + "", -WRONG_DIAGNOSIS_COST * wrong, 0));
        total -= HINT_COST * drill.hints.size() + WRONG_DIAGNOSIS_COST * wrong;
        int score = (int) Math.round(Math.max(0, Math.min(100, total)));
        return new ScoreCard(score, drill.tta(), drill.ttd(), drill.ttm(), drill.hints.size(), wrong, falsePositives,
                drill.checkoutsFailed, drill.checkoutsAttempted, breaches(drill), List.copyOf(lines));
    }

    /**
     * {@code max} points up to {@code fullUntil} seconds, falling linearly to {@code floor} at {@code floorAt} (the floor
     * holds after it); no time at all (never happened) is 0.
     */
    static double linear(Double seconds, double max, double fullUntil, double floorAt, double floor) {
        if (seconds == null) {
            return 0;
        }
        if (seconds <= fullUntil) {
            return max;
        }
        if (seconds >= floorAt) {
            return floor;
        }
        return max - (max - floor) * (seconds - fullUntil) / (floorAt - fullUntil);
    }

    private static long breaches(DrillRecord drill) {
        return Math.round(drill.worstProbeValues.values().stream().mapToDouble(Double::doubleValue).sum());
    }

    private static String describe(String name, Double seconds) {
        return seconds == null ? name + " none" : String.format(java.util.Locale.ROOT, "%s %.1f s", name, seconds);
    }
}
