package io.firedrill.order.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.LineItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityViewTest {

    private Instant now = Instant.parse("2026-12-06T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };
    private final AvailabilityView view = new AvailabilityView(clock, Duration.ofSeconds(5));

    private static List<LineItem> order(String sku, int quantity) {
        return List.of(new LineItem(sku, quantity));
    }

    @Test
    void everythingIsSellableUntilInventorySaysOtherwise() {
        assertThat(view.firstSoldOut(List.of("SKU-1", "SKU-2"))).isEmpty();
        assertThat(view.claim(order("SKU-1", 100))).isNotNull(); // no figure: fails open
    }

    @Test
    void namesTheFirstSoldOutSkuOfTheOrder() {
        view.soldOut("SKU-2");
        view.soldOut("SKU-3");

        assertThat(view.firstSoldOut(List.of("SKU-1", "SKU-3", "SKU-2"))).contains("SKU-3");
        assertThat(view.firstSoldOut(List.of("SKU-1"))).isEmpty();
    }

    @Test
    void backInStockMakesTheSkuSellableAtOnceWithTheAnnouncedUnits() {
        view.soldOut("SKU-2");

        view.backInStock("SKU-2", 1);

        assertThat(view.firstSoldOut(List.of("SKU-2"))).isEmpty();
        assertThat(view.soldOutCount()).isZero();
        view.claim(order("SKU-2", 1));
        assertThatThrownBy(() -> view.claim(order("SKU-2", 1))).isInstanceOf(SoldOutException.class);
    }

    @Test
    void announcementsApplyInOrderAndRepeatsChangeNothing() {
        view.soldOut("SKU-2");
        view.backInStock("SKU-2", 3);
        view.soldOut("SKU-2");
        view.soldOut("SKU-2"); // a redelivery

        assertThat(view.firstSoldOut(List.of("SKU-2"))).contains("SKU-2");
        assertThat(view.soldOutCount()).isEqualTo(1);
    }

    @Test
    void forgettingFailsOpen() {
        view.soldOut("SKU-2");
        view.offer("SKU-3", 0, now);

        view.forgetAll();

        assertThat(view.firstSoldOut(List.of("SKU-2", "SKU-3"))).isEmpty();
    }

    @Test
    void aBudgetAdmitsExactlyTheUnitsInventoryReportedFreeThenRefusesTheRest() {
        view.offer("FLASH", 3, now);

        view.claim(order("FLASH", 2));
        view.claim(order("FLASH", 1));

        assertThatThrownBy(() -> view.claim(order("FLASH", 1))).isInstanceOf(SoldOutException.class)
                .hasMessageContaining("FLASH");
        assertThat(view.firstSoldOut(List.of("FLASH"))).contains("FLASH");
        assertThat(view.usedUpCount()).isEqualTo(1);
    }

    @Test
    void aClaimIsAllOrNothingAndReleasedUnitsSellAgain() {
        view.offer("A", 5, now);
        view.offer("B", 1, now);
        view.claim(List.of(new LineItem("B", 1)));

        assertThatThrownBy(() -> view.claim(List.of(new LineItem("A", 2), new LineItem("B", 1))))
                .isInstanceOf(SoldOutException.class).hasMessageContaining("B");
        AvailabilityView.Claims five = view.claim(order("A", 5)); // the failed order took none of A
        assertThat(view.firstSoldOut(List.of("A"))).contains("A");

        five.release(); // its placing failed
        assertThat(view.firstSoldOut(List.of("A"))).isEmpty();
        view.claim(order("A", 5));
    }

    @Test
    void anOlderFigureNeverReplacesANewerOne() {
        view.offer("SKU", 1, now);
        view.offer("SKU", 50, now.minusSeconds(1)); // a catalog read that started before

        view.claim(order("SKU", 1));
        assertThatThrownBy(() -> view.claim(order("SKU", 1))).isInstanceOf(SoldOutException.class);

        view.offer("SKU", 2, now.plusMillis(1)); // a fresher read: claims start over against it
        view.claim(order("SKU", 2));
    }

    @Test
    void aUsedUpBudgetRefusesOnlyUntilItIsOlderThanTheRecheckTimeThenAsksForAFresherFigure() {
        view.offer("SKU", 1, now);
        view.claim(order("SKU", 1));
        assertThat(view.recheckBefore("SKU")).isNull();
        assertThat(view.firstSoldOut(List.of("SKU"))).contains("SKU");

        now = now.plusSeconds(6);

        assertThat(view.firstSoldOut(List.of("SKU"))).isEmpty(); // the checkout goes on to read the catalog again
        assertThat(view.recheckBefore("SKU")).isEqualTo(now.minusSeconds(5));
        view.offer("SKU", 1, now); // a declined payment gave one unit back
        view.claim(order("SKU", 1));
        assertThat(view.recheckBefore("SKU")).isNull();
    }

    @Test
    void claimingAheadTakesOnlyUnitsStillFreeAndLeavesTheRestToTheClaimAfterPricing() {
        view.offer("FLASH", 2, now);
        AvailabilityView.Claims ahead = view.claimAhead(List.of(new LineItem("FLASH", 2), new LineItem("UNPRICED", 1)));
        assertThat(view.firstSoldOut(List.of("FLASH"))).as("the last units claimed ahead: the next buyer is refused")
                .contains("FLASH");
        assertThat(view.claimAhead(order("FLASH", 1))).as("used up: nothing claimed, nothing refused here").isNotNull();
        // After pricing, the same checkout claims what it holds none of yet; its FLASH units are not claimed twice.
        view.offer("UNPRICED", 1, now);
        view.claim(List.of(new LineItem("FLASH", 2), new LineItem("UNPRICED", 1)), ahead);
        assertThatThrownBy(() -> view.claim(order("UNPRICED", 1))).isInstanceOf(SoldOutException.class);

        ahead.release();
        assertThat(view.firstSoldOut(List.of("FLASH", "UNPRICED"))).isEmpty();
        // A used-up figure older than the recheck time: claiming ahead refuses nothing, pricing reads a fresh one.
        view.claim(order("FLASH", 2));
        now = now.plusSeconds(6);
        view.claimAhead(order("FLASH", 1));
        assertThat(view.recheckBefore("FLASH")).isEqualTo(now.minusSeconds(5));
    }
}
