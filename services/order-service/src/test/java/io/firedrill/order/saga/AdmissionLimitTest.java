package io.firedrill.order.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionLimitTest {

    private static final Duration TARGET = Duration.ofSeconds(2);
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private final ManualClock clock = new ManualClock();

    private AdmissionLimit limit(int floor, int initial) {
        return new AdmissionLimit(clock, () -> TARGET, floor, initial, WINDOW);
    }

    private void endSagas(AdmissionLimit limit, int count, Duration took) {
        for (int i = 0; i < count; i++) {
            limit.sagaEnded(clock.instant().minus(took), took);
        }
    }

    @Test
    void lateSagasLowerTheLimitToWhatMeetsTheTargetAtTheRateTheyEnd() {
        AdmissionLimit limit = limit(4, 64);
        clock.advance(Duration.ofMillis(100));
        assertThat(limit.limit(200, 1)).isEqualTo(64);
        // 26 sagas end in a 2 s window (13/s), all after 5 s: 13/s x 2 s = 26 meets the target.
        clock.advance(Duration.ofMillis(1_000));
        endSagas(limit, 26, Duration.ofSeconds(5));
        clock.advance(Duration.ofMillis(900));
        assertThat(limit.limit(200, 1)).isEqualTo(26);
    }

    @Test
    void aDropIsAtLeastATenthAndNeverBelowTheFloor() {
        AdmissionLimit limit = limit(20, 64);
        clock.advance(Duration.ofMillis(1_000));
        endSagas(limit, 200, Duration.ofSeconds(3)); // 100/s x 2 s = 200: the tenth decides
        clock.advance(WINDOW);
        assertThat(limit.limit(200, 1)).isEqualTo(57);
        clock.advance(Duration.ofMillis(500));
        endSagas(limit, 2, Duration.ofMillis(400)); // placed after the drop
        limit.sagaEnded(clock.instant().minusMillis(100), Duration.ofSeconds(9)); // placed after it too, and late
        clock.advance(WINDOW);
        assertThat(limit.limit(200, 1)).as("3 ended in 2.5 s x 2 s = 2.4, floored").isEqualTo(20);
    }

    @Test
    void sagasPlacedBeforeTheLastDropDoNotLowerItAgain() {
        AdmissionLimit limit = limit(4, 64);
        clock.advance(Duration.ofSeconds(1));
        endSagas(limit, 20, Duration.ofSeconds(5));
        clock.advance(WINDOW);
        int afterDrop = limit.limit(200, 1);
        assertThat(afterDrop).isLessThan(64);
        // The queue admitted under 64 drains, late; none of it was placed under the new limit.
        endSagas(limit, 20, Duration.ofSeconds(6));
        clock.advance(WINDOW);
        assertThat(limit.limit(200, 1)).isEqualTo(afterDrop);
    }

    @Test
    void theLimitRisesByOneWhenSagasEndInTime() {
        AdmissionLimit limit = limit(4, 50);
        clock.advance(WINDOW);
        assertThat(limit.limit(200, 1)).as("nothing ended: no evidence").isEqualTo(50);
        endSagas(limit, 10, Duration.ofMillis(500));
        clock.advance(WINDOW);
        assertThat(limit.limit(200, 1)).isEqualTo(51);
        endSagas(limit, 9, Duration.ofMillis(500));
        endSagas(limit, 1, Duration.ofSeconds(3));
        clock.advance(WINDOW);
        assertThat(limit.limit(200, 1)).as("one in ten late: holds").isEqualTo(51);
        endSagas(limit, 10, Duration.ofMillis(500));
        clock.advance(WINDOW);
        assertThat(limit.limit(51, 1)).as("never above the ceiling").isEqualTo(51);
    }

    @Test
    void aQuietSpellGivesTheRoomBackATenthPerWindow() {
        AdmissionLimit limit = limit(32, 200);
        clock.advance(Duration.ofSeconds(1));
        endSagas(limit, 10, Duration.ofSeconds(20));
        clock.advance(WINDOW);
        assertThat(limit.limit(200, 5)).isEqualTo(32);
        clock.advance(WINDOW.multipliedBy(5));
        assertThat(limit.limit(200, 3)).as("sagas in flight, none ended: nothing to learn").isEqualTo(32);
        clock.advance(WINDOW.multipliedBy(10));
        assertThat(limit.limit(200, 0)).as("ten quiet windows: 32 x 1.1^10").isEqualTo(83);
        clock.advance(Duration.ofMinutes(5));
        assertThat(limit.limit(200, 0)).isEqualTo(200);
    }

    @Test
    void theCeilingBoundsTheLimitAndATargetOfZeroLeavesTheCeilingAlone() {
        assertThat(limit(4, 64).limit(10, 1)).isEqualTo(10);
        AdmissionLimit fixed = new AdmissionLimit(clock, () -> Duration.ZERO, 4, 64, WINDOW);
        clock.advance(Duration.ofSeconds(1));
        endSagas(fixed, 100, Duration.ofSeconds(30));
        clock.advance(WINDOW);
        assertThat(fixed.adaptive()).isFalse();
        assertThat(fixed.limit(200, 1)).isEqualTo(200);
    }

    /**
     * A stack that completes 13 sagas/s with 400 ms of work each, offered 30/s for two minutes: with the bound alone
     * (200) sagas queue for 15 s; the adaptive limit keeps the late ones to the first seconds while goodput stays at
     * the capacity.
     */
    @Test
    void underTwiceTheCapacityTheLimitKeepsSagasNearTheTargetWithoutLosingGoodput() {
        Simulation fixed = new Simulation(Duration.ZERO);
        fixed.run(200, 30, 13, Duration.ofMinutes(2));
        Simulation adaptive = new Simulation(TARGET);
        adaptive.run(200, 30, 13, Duration.ofMinutes(2));

        assertThat(fixed.p99(60)).as("the bound alone: p99 of the sagas placed in the second minute, ms").isGreaterThan(10_000);
        assertThat(adaptive.p99(60)).as("adaptive: p99 of the sagas placed in the second minute, ms").isLessThan(3_000);
        assertThat(adaptive.completedPerSecond(60)).isGreaterThan(0.95 * 13);
        assertThat(adaptive.limit.learned()).isBetween(32, 40);
    }

    /** Arrivals at a fixed rate through the limit into a FIFO stage that finishes {@code capacity} sagas per second. */
    private static final class Simulation {
        final ManualClock clock = new ManualClock();
        final AdmissionLimit limit;
        final List<long[]> done = new ArrayList<>(); // placed at ms, took ms
        final Deque<Long> queue = new ArrayDeque<>();

        Simulation(Duration target) {
            this.limit = new AdmissionLimit(clock, () -> target, 32, 200, WINDOW);
        }

        void run(int ceiling, int offered, int capacity, Duration length) {
            long tick = 10;
            double arrivals = 0;
            double service = 0;
            Instant start = clock.instant();
            for (long t = 0; t < length.toMillis(); t += tick) {
                clock.advance(Duration.ofMillis(tick));
                long now = clock.millis() - start.toEpochMilli();
                arrivals += offered * tick / 1000.0;
                while (arrivals >= 1) {
                    arrivals--;
                    if (queue.size() < limit.limit(ceiling, queue.size())) {
                        queue.add(now);
                    }
                }
                service += capacity * tick / 1000.0;
                while (service >= 1 && !queue.isEmpty()) {
                    service--;
                    long placed = queue.poll();
                    long took = Math.max(now - placed, 400);
                    done.add(new long[] {placed, took});
                    limit.sagaEnded(start.plusMillis(placed), Duration.ofMillis(took));
                }
                service = Math.min(service, 1);
            }
        }

        long p99(int fromSecond) {
            long[] took = done.stream().filter(d -> d[0] >= fromSecond * 1000L).mapToLong(d -> d[1]).sorted().toArray();
            return took[(int) Math.ceil(0.99 * took.length) - 1];
        }

        double completedPerSecond(int fromSecond) {
            long last = done.stream().mapToLong(d -> d[0] + d[1]).max().orElse(0);
            long n = done.stream().filter(d -> d[0] + d[1] >= fromSecond * 1000L).count();
            return n / ((last - fromSecond * 1000L) / 1000.0);
        }
    }
}
