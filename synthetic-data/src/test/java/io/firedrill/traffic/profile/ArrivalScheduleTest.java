package io.firedrill.traffic.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.firedrill.traffic.data.RegionWeights;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

    private static List<Double> all(LoadProfile profile, ArrivalSchedule.Spacing spacing, long seed) {
        ArrivalSchedule s = new ArrivalSchedule(profile, spacing, seed);
        List<Double> times = new ArrayList<>();
        for (double t = s.next(); t >= 0; t = s.next()) {
            times.add(t);
        }
        return times;
    }

    @Test
    void constantRateIsEvenlySpacedAndExact() {
        List<Double> t = all(Profiles.constant(300, Duration.ofSeconds(10)), ArrivalSchedule.Spacing.UNIFORM, 1);
        assertThat(t).hasSize(3_000);
        assertThat(t.get(0)).isEqualTo(0.0);
        assertThat(t.get(1) - t.get(0)).isCloseTo(1 / 300.0, within(1e-9));
        assertThat(t.get(2_999)).isCloseTo(2_999 / 300.0, within(1e-9));
    }

    @Test
    void rampSendsTheIntegralOfItsRateAndSpeedsUp() {
        List<Double> t = all(Profiles.ramp(10, 110, Duration.ofSeconds(10)), ArrivalSchedule.Spacing.UNIFORM, 1);
        assertThat(t).hasSize(600);
        long firstHalf = t.stream().filter(x -> x < 5).count();
        assertThat(firstHalf).isEqualTo(175);
    }

    @Test
    void spikeMultipliesTheRateInsideItsWindow() {
        LoadProfile spike = Profiles.spike(20, 5, Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(10));
        List<Double> t = all(spike, ArrivalSchedule.Spacing.UNIFORM, 1);
        assertThat(t).hasSize(8 * 20 + 2 * 100);
        assertThat(t.stream().filter(x -> x >= 4 && x < 6).count()).isEqualTo(200);
    }

    @Test
    void soakIsALongEvenlySpacedConstantRunWhoseTenthsHoldAsManyArrivals() {
        LoadProfile soak = Profiles.soak(10, Duration.ofMinutes(30));
        assertThat(soak.name()).isEqualTo("soak");
        assertThat(soak.describe()).isEqualTo("soak 10/s for 1800s");
        List<Double> t = all(soak, ArrivalSchedule.Spacing.UNIFORM, 1);
        assertThat(t).hasSize(18_000);
        assertThat(t.get(1) - t.get(0)).isCloseTo(0.1, within(1e-9));
        assertThat(t.get(17_999)).isCloseTo(1799.9, within(1e-6));
        // The drift report compares the first and the last tenth: each holds a tenth of the arrivals.
        assertThat(t.stream().filter(x -> x < 180).count()).isEqualTo(1_800);
        assertThat(t.stream().filter(x -> x >= 1_620).count()).isEqualTo(1_800);
    }

    @Test
    void flashSaleLandsEveryBuyerInsideTheWindowFrontLoaded() {
        List<Double> t = all(Profiles.flashSale(10_000, Duration.ofSeconds(5)), ArrivalSchedule.Spacing.UNIFORM, 1);
        assertThat(t).hasSize(10_000);
        assertThat(t.get(t.size() - 1)).isLessThan(5.0);
        assertThat(t.stream().filter(x -> x < 1.25).count()).isGreaterThan(6_000);
    }

    @Test
    void aFlashSaleDefaultsToAnInFlightBoundThatAdmitsTheWholeHerdUpToACap() {
        assertThat(Profiles.flashSale(10_000, Duration.ofSeconds(5)).defaultMaxInFlight()).isEqualTo(10_000);
        assertThat(Profiles.flashSale(400, Duration.ofSeconds(2)).defaultMaxInFlight()).isEqualTo(LoadProfile.DEFAULT_MAX_IN_FLIGHT);
        assertThat(Profiles.flashSale(1_000_000, Duration.ofSeconds(60)).defaultMaxInFlight()).isEqualTo(Profiles.MAX_HERD_IN_FLIGHT);
        assertThat(Profiles.constant(5_000, Duration.ofSeconds(5)).defaultMaxInFlight()).isEqualTo(LoadProfile.DEFAULT_MAX_IN_FLIGHT);
    }

    @Test
    void poissonArrivalsAreSeededAndAverageTheTargetRate() {
        LoadProfile p = Profiles.constant(1_000, Duration.ofSeconds(20));
        List<Double> a = all(p, ArrivalSchedule.Spacing.POISSON, 99);
        assertThat(all(p, ArrivalSchedule.Spacing.POISSON, 99)).isEqualTo(a);
        assertThat(all(p, ArrivalSchedule.Spacing.POISSON, 100)).isNotEqualTo(a);
        // 20,000 expected; a Poisson count has sigma ~141.
        assertThat(a.size()).isBetween(19_500, 20_500);
    }

    @Test
    void multiRegionKeepsTheTotalAndShiftsTheRegionalShares() {
        LoadProfile p = Profiles.multiRegion(50, Duration.ofSeconds(60), RegionWeights.DEFAULT);
        assertThat(all(p, ArrivalSchedule.Spacing.UNIFORM, 1)).hasSize(3_000);
        double[] early = p.regionWeightsAt(15);
        double[] late = p.regionWeightsAt(35);
        assertThat(early[0]).isGreaterThan(late[0]);
        assertThat(early[1]).isLessThan(late[1]);
    }

    @Test
    void negativeZeroAndAbsurdRatesOrDurationsAreRefused() {
        assertThatThrownBy(() -> Profiles.constant(-5, Duration.ofSeconds(1))).hasMessageContaining("--rate must be a positive");
        assertThatThrownBy(() -> Profiles.constant(0, Duration.ofSeconds(1))).hasMessageContaining("greater than 0");
        assertThatThrownBy(() -> Profiles.constant(1e9, Duration.ofSeconds(1))).hasMessageContaining("absurd");
        assertThatThrownBy(() -> Profiles.constant(5, Duration.ofHours(1000))).hasMessageContaining("absurd");
        assertThatThrownBy(() -> Profiles.spike(5, 2, Duration.ofSeconds(9), Duration.ofSeconds(5), Duration.ofSeconds(10)))
                .hasMessageContaining("inside --duration");
    }
}
