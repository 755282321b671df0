package io.firedrill.drill.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The score formula of docs/drills.md, part by part: the clocks, hints, wrong diagnoses, impact, and the control's false positives. */
class ScoreCardTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static DrillRecord drill(long pageAfter, Long ackAfter, Long diagnosisAfter, Long mitigatedAfter) {
        DrillRecord d = new DrillRecord();
        d.timeLimit = "20m";
        d.startedAt = T0.minusSeconds(10);
        d.faultAt = T0;
        d.firstPageAt = T0.plusSeconds(pageAfter);
        d.ackAt = ackAfter == null ? null : d.firstPageAt.plusSeconds(ackAfter);
        d.correctDiagnosisAt = diagnosisAfter == null ? null : T0.plusSeconds(diagnosisAfter);
        d.mitigatedAt = mitigatedAfter == null ? null : T0.plusSeconds(mitigatedAfter);
        d.checkoutsAttempted = 100;
        return d;
    }

    @Test
    void aFastCleanResponseScoresFullMarks() {
        ScoreCard card = ScoreCard.of(drill(30, 10L, 120L, 240L));
        assertThat(card.score()).isEqualTo(100);
        assertThat(card.ttaSeconds()).isEqualTo(10.0);
        assertThat(card.ttdSeconds()).isEqualTo(120.0);
        assertThat(card.ttmSeconds()).isEqualTo(240.0);
    }

    @Test
    void eachHintAndWrongDiagnosisCostsFivePoints() {
        DrillRecord d = drill(30, 10L, 120L, 240L);
        d.hints.add(new DrillRecord.Hint(T0, 1, "look"));
        d.hints.add(new DrillRecord.Hint(T0, 2, "runbook"));
        d.diagnoses.add(new DrillRecord.Diagnosis(T0.plusSeconds(60), "payment.provider-down", false));
        d.diagnoses.add(new DrillRecord.Diagnosis(T0.plusSeconds(120), "inventory.confirm-guard-off", true));
        ScoreCard card = ScoreCard.of(d);
        assertThat(card.score()).isEqualTo(100 - 2 * 5 - 5);
        assertThat(card.hintsUsed()).isEqualTo(2);
        assertThat(card.wrongDiagnoses()).isEqualTo(1);
    }

    @Test
    void slowStepsLosePointsLinearlyAndMissingStepsScoreNothing() {
        // Ack at 480 s: halfway between 60 s and 900 s, 7.5 of 15. TTD at the limit: the floor 10. Never mitigated: 0.
        ScoreCard card = ScoreCard.of(drill(0, 480L, 1200L, null));
        assertThat(card.lines().get(0).points()).isCloseTo(7.5, within(0.01));
        assertThat(card.lines().get(1).points()).isEqualTo(10.0);
        assertThat(card.lines().get(2).points()).isZero();
        assertThat(card.score()).isEqualTo(8 + 10 + 0 + 10);
        assertThat(ScoreCard.of(drill(0, null, null, null)).score()).isEqualTo(10);
    }

    @Test
    void impactCostsAPointPerPercentOfFailedCheckoutsAndPerBreach() {
        DrillRecord d = drill(30, 10L, 120L, 240L);
        d.checkoutsFailed = 4;
        d.worstProbeValues.put("no oversold units anywhere", 3.0);
        ScoreCard card = ScoreCard.of(d);
        assertThat(card.lines().get(3).points()).isEqualTo(3.0);
        assertThat(card.score()).isEqualTo(93);
        assertThat(card.invariantBreaches()).isEqualTo(3);
    }

    @Test
    void aControlLeftAloneScoresFullMarksAndAFixIsAFalsePositive() {
        DrillRecord d = new DrillRecord();
        d.control = true;
        d.timeLimit = "1m";
        d.commands.add(new DrillRecord.CommandRun("runbooks/oversell.md#diagnosis", 1, "curl -sf x", T0, T0, 0, "", false));
        assertThat(ScoreCard.of(d).score()).isEqualTo(100);
        d.commands.add(new DrillRecord.CommandRun("runbooks/oversell.md#mitigation", 1, "curl -X PATCH x", T0, T0, 0, "", true));
        ScoreCard fixed = ScoreCard.of(d);
        assertThat(fixed.falsePositives()).isEqualTo(1);
        assertThat(fixed.score()).isEqualTo(50);
        d.commands.add(new DrillRecord.CommandRun("runbooks/oversell.md#mitigation", 3, "UPDATE stock SET", T0, T0, 0, "", true));
        assertThat(ScoreCard.of(d).score()).isZero();
    }

    @Test
    void linearIsFullUntilItsThresholdThenFallsToTheFloor() {
        assertThat(ScoreCard.linear(null, 45, 600, 1200, 15)).isZero();
        assertThat(ScoreCard.linear(600.0, 45, 600, 1200, 15)).isEqualTo(45);
        assertThat(ScoreCard.linear(900.0, 45, 600, 1200, 15)).isEqualTo(30);
        assertThat(ScoreCard.linear(5000.0, 45, 600, 1200, 15)).isEqualTo(15);
        assertThat(List.of(ScoreCard.HINT_COST, ScoreCard.WRONG_DIAGNOSIS_COST, ScoreCard.FALSE_POSITIVE_COST)).containsExactly(5, 5, 50);
    }
}
