package io.firedrill.order.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityViewTest {

    private final AvailabilityView view = new AvailabilityView();

    @Test
    void everythingIsSellableUntilInventorySaysOtherwise() {
        assertThat(view.firstSoldOut(List.of("SKU-1", "SKU-2"))).isEmpty();
    }

    @Test
    void namesTheFirstSoldOutSkuOfTheOrder() {
        view.soldOut("SKU-2");
        view.soldOut("SKU-3");

        assertThat(view.firstSoldOut(List.of("SKU-1", "SKU-3", "SKU-2"))).contains("SKU-3");
        assertThat(view.firstSoldOut(List.of("SKU-1"))).isEmpty();
    }

    @Test
    void backInStockMakesTheSkuSellableAtOnce() {
        view.soldOut("SKU-2");

        view.backInStock("SKU-2");

        assertThat(view.firstSoldOut(List.of("SKU-2"))).isEmpty();
        assertThat(view.soldOutCount()).isZero();
    }

    @Test
    void announcementsApplyInOrderAndRepeatsChangeNothing() {
        view.soldOut("SKU-2");
        view.backInStock("SKU-2");
        view.soldOut("SKU-2");
        view.soldOut("SKU-2"); // a redelivery

        assertThat(view.firstSoldOut(List.of("SKU-2"))).contains("SKU-2");
        assertThat(view.soldOutCount()).isEqualTo(1);
    }

    @Test
    void forgettingFailsOpen() {
        view.soldOut("SKU-2");

        view.forgetAll();

        assertThat(view.firstSoldOut(List.of("SKU-2"))).isEmpty();
    }
}
