package io.firedrill.traffic.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.traffic.cli.DataSetWriter;
import io.firedrill.traffic.profile.ArrivalSchedule;
import io.firedrill.traffic.profile.Profiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataTest {

    private static final DataSpec SPEC = DataSpec.defaults();

    @Test
    void sameSeedWritesByteIdenticalDataSetsAndAnotherSeedDoesNot(@TempDir Path tmp) throws IOException {
        var profile = Profiles.multiRegion(50, Duration.ofSeconds(60), SPEC.regions());
        DataSetWriter.write(new SyntheticData(42, SPEC), profile, ArrivalSchedule.Spacing.POISSON, 3_000, tmp.resolve("a"));
        DataSetWriter.write(new SyntheticData(42, SPEC), profile, ArrivalSchedule.Spacing.POISSON, 3_000, tmp.resolve("b"));
        DataSetWriter.write(new SyntheticData(43, SPEC), profile, ArrivalSchedule.Spacing.POISSON, 3_000, tmp.resolve("c"));

        for (String file : List.of("customers.jsonl", "catalog.jsonl", "workload.jsonl")) {
            byte[] a = Files.readAllBytes(tmp.resolve("a").resolve(file));
            assertThat(a).as(file).hasSizeGreaterThan(10_000);
            assertThat(Files.readAllBytes(tmp.resolve("b").resolve(file))).as(file + " with the same seed").isEqualTo(a);
            assertThat(Files.readAllBytes(tmp.resolve("c").resolve(file))).as(file + " with another seed").isNotEqualTo(a);
        }
    }

    @Test
    void customerDetailsDoNotDependOnWhatWasGeneratedBefore() {
        SyntheticData fresh = new SyntheticData(7, SPEC);
        SyntheticData used = new SyntheticData(7, SPEC);
        used.customers();
        used.catalog();
        assertThat(used.customer(Region.AP_SOUTH, 17)).isEqualTo(fresh.customer(Region.AP_SOUTH, 17));
    }

    @Test
    void customersLiveInEveryTenantRegionWithLocalAddresses() {
        SyntheticData data = new SyntheticData(42, SPEC);
        List<Customer> customers = data.customers();
        Map<Region, Integer> perRegion = new EnumMap<>(Region.class);
        customers.forEach(c -> perRegion.merge(c.region(), 1, Integer::sum));

        assertThat(customers).hasSize(1_000);
        assertThat(perRegion).containsEntry(Region.EU_WEST, 450).containsEntry(Region.US_EAST, 350).containsEntry(Region.AP_SOUTH, 200);
        assertThat(customers).allSatisfy(c -> {
            assertThat(java.util.UUID.fromString(c.customerId()).toString()).isEqualTo(c.customerId());
            assertThat(c.email()).endsWith("@example.com");
            assertThat(c.address().street()).isNotBlank();
            assertThat(c.address().city()).isNotBlank();
            assertThat(c.address().country()).isEqualTo(c.region().country());
            assertThat(c.email()).matches("[a-z0-9.]+@example.com");
        });
        assertThat(customers.stream().map(Customer::customerId).distinct()).hasSize(1_000);
    }

    @Test
    void catalogHasPricedStockedSkusAndTheFlashItemHasExactlyItsUnits() {
        SyntheticData data = new SyntheticData(42, SPEC.withFlashSale(new DataSpec.FlashSale("FLASH-0001", 100, 10_000)));
        List<CatalogItem> catalog = data.catalog();
        assertThat(catalog).hasSize(201);
        assertThat(catalog.subList(0, 200)).allSatisfy(item -> {
            assertThat(item.priceCents()).isBetween(299L, 99_999L);
            assertThat(item.priceCents() % 100).isEqualTo(99);
            assertThat(item.stock()).isBetween(500, 5_000);
            assertThat(item.name()).isNotBlank();
        });
        assertThat(catalog.get(200)).extracting(CatalogItem::sku, CatalogItem::stock).containsExactly("FLASH-0001", 100);
    }

    @Test
    void workloadFollowsTheMixCartSizesAndDeclineRatio() {
        Workload workload = new SyntheticData(42, SPEC).workload();
        Map<WorkloadMix.Kind, Integer> kinds = new EnumMap<>(WorkloadMix.Kind.class);
        Map<Region, Integer> regions = new EnumMap<>(Region.class);
        Map<Integer, Integer> cartSizes = new HashMap<>();
        int checkouts = 0;
        int declining = 0;
        int cancellations = 0;
        int supportCases = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            WorkItem item = workload.next();
            kinds.merge(item.kind(), 1, Integer::sum);
            regions.merge(item.region(), 1, Integer::sum);
            if (item instanceof WorkItem.Checkout c) {
                checkouts++;
                declining += c.paymentMethod().declines() ? 1 : 0;
                cartSizes.merge(c.items().size(), 1, Integer::sum);
                assertThat(c.items()).allSatisfy(line -> assertThat(line.quantity()).isBetween(1, 5));
                assertThat(c.items().stream().map(CartLine::sku).distinct()).hasSize(c.items().size());
            } else if (item instanceof WorkItem.SupportCase s) {
                supportCases++;
                cancellations += s.action() == WorkItem.SupportCase.Action.CANCELLATION ? 1 : 0;
            }
        }
        assertThat(share(kinds.get(WorkloadMix.Kind.CHECKOUT), n)).isBetween(0.53, 0.57);
        assertThat(share(kinds.get(WorkloadMix.Kind.NOTIFICATION_PREFERENCES), n)).isBetween(0.06, 0.08);
        assertThat(share(regions.get(Region.AP_SOUTH), n)).isBetween(0.18, 0.22);
        assertThat(share(declining, checkouts)).isBetween(0.04, 0.06);
        assertThat(share(cancellations, supportCases)).isBetween(0.3, 0.5);
        // Most carts hold one item, a few hold many: the mean sits between 2 and 3.
        assertThat(cartSizes.get(1)).isGreaterThan(cartSizes.get(2));
        assertThat(cartSizes.keySet()).contains(8);
        double mean = cartSizes.entrySet().stream().mapToDouble(e -> e.getKey() * e.getValue()).sum() / checkouts;
        assertThat(mean).isBetween(2.0, 3.0);
    }

    @Test
    void flashSaleBuyersAreDistinctCustomersWantingOneHotUnit() {
        SyntheticData data = new SyntheticData(42, SPEC.withFlashSale(new DataSpec.FlashSale("FLASH-0001", 100, 2_000)));
        Workload workload = data.workload();
        java.util.Set<String> buyers = new java.util.HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            WorkItem.Checkout c = (WorkItem.Checkout) workload.next();
            assertThat(c.items()).containsExactly(new CartLine("FLASH-0001", 1));
            buyers.add(c.customerId());
        }
        assertThat(buyers).hasSize(2_000);
    }

    @Test
    void badMixAndRegionsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> WorkloadMix.parse("checkout=1,refund=2")).hasMessageContaining("unknown workload 'refund'");
        assertThatThrownBy(() -> RegionWeights.parse("eu-west=1,mars=2")).hasMessageContaining("unknown tenant region 'mars'");
        assertThatThrownBy(() -> WorkloadMix.parse("checkout=0")).hasMessageContaining("at least one positive weight");
    }

    private static double share(int part, int total) { return (double) part / total; }
}
