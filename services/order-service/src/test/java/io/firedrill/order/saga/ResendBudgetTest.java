package io.firedrill.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResendBudgetTest {

    private final ManualClock clock = new ManualClock();

    private static int resendsAllowed(ResendBudget budget, int tries) {
        int allowed = 0;
        for (int i = 0; i < tries; i++) {
            allowed += budget.tryResend() ? 1 : 0;
        }
        return allowed;
    }

    @Test
    void startsWithItsBurstAndThenRefuses() {
        ResendBudget budget = new ResendBudget(0.1, 1, 5, clock, () -> 0.5);

        assertThat(resendsAllowed(budget, 100)).isEqualTo(5);
    }

    @Test
    void resendsAreBoundToATenthOfFirstSendsPlusTheFloor() {
        ResendBudget budget = new ResendBudget(0.1, 1, 20, clock, () -> 0.5);
        resendsAllowed(budget, 100); // empty it

        // One second of a busy shop: 500 first sends, and every overdue step asks to be resent.
        for (int i = 0; i < 500; i++) {
            budget.firstSent();
        }
        clock.advance(Duration.ofSeconds(1));

        assertThat(resendsAllowed(budget, 1000)).isEqualTo(20); // 50 earned + 1 floor, capped at the burst
    }

    @Test
    void aBacklogCannotFeedItself() {
        ResendBudget budget = new ResendBudget(0.1, 1, 20, clock, () -> 0.5);
        resendsAllowed(budget, 100);
        int sent = 0;

        // Ten seconds of overload: 40 first sends and 1000 overdue steps a second.
        for (int second = 0; second < 10; second++) {
            for (int i = 0; i < 40; i++) {
                budget.firstSent();
            }
            clock.advance(Duration.ofSeconds(1));
            sent += resendsAllowed(budget, 1000);
        }

        assertThat(sent).isEqualTo(50); // (4 earned + 1 floor) a second, not 10,000
    }

    @Test
    void theFloorLetsAQuietShopResend() {
        ResendBudget budget = new ResendBudget(0.1, 2, 20, clock, () -> 0.5);
        resendsAllowed(budget, 100);
        assertThat(budget.tryResend()).isFalse();

        clock.advance(Duration.ofMillis(500));

        assertThat(budget.tryResend()).isTrue();
        assertThat(budget.tryResend()).isFalse();
    }

    @Test
    void jitterSpreadsAWaitOverHalfToOneAndAHalfTimes() {
        assertThat(new ResendBudget(0.1, 1, 20, clock, () -> 0.0).jittered(Duration.ofSeconds(10)))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(new ResendBudget(0.1, 1, 20, clock, () -> 0.5).jittered(Duration.ofSeconds(10)))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(new ResendBudget(0.1, 1, 20, clock, () -> 0.9999).jittered(Duration.ofSeconds(10)))
                .isLessThan(Duration.ofSeconds(15)).isGreaterThan(Duration.ofMillis(14_990));
        assertThat(new ResendBudget(0.1, 1, 20, clock, () -> 0.0).jittered(Duration.ofMillis(1)))
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void theRealRandomStaysInsideTheJitterBounds() {
        ResendBudget budget = new ResendBudget(0.1, 1, 20, clock);
        for (int i = 0; i < 1000; i++) {
            assertThat(budget.jittered(Duration.ofSeconds(2))).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
        }
    }

    @Test
    void refusesABudgetThatCouldNeverResend() {
        assertThatThrownBy(() -> new ResendBudget(0.1, 0, 20, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResendBudget(0.1, 1, 0, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
