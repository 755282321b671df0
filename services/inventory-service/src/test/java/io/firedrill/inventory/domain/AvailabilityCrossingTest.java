package io.firedrill.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AvailabilityCrossingTest {

    @Test
    void announcesSoldOutWhenTheLastUnitsGo() {
        assertThat(AvailabilityCrossing.of(2, 0)).hasValue(0);
    }

    @Test
    void announcesSoldOutAsZeroEvenWhenALateCommitOversells() {
        assertThat(AvailabilityCrossing.of(1, -2)).hasValue(0);
    }

    @Test
    void announcesBackInStockWithTheUnitsReturned() {
        assertThat(AvailabilityCrossing.of(0, 3)).hasValue(3);
        assertThat(AvailabilityCrossing.of(-1, 2)).hasValue(2);
    }

    @Test
    void staysSilentWhenNothingCrossesZero() {
        assertThat(AvailabilityCrossing.of(10, 9)).isEmpty();
        assertThat(AvailabilityCrossing.of(0, -1)).isEmpty(); // guard off, already sold out: still sold out
        assertThat(AvailabilityCrossing.of(-2, 0)).isEmpty(); // units returned to an oversold SKU: still nothing to sell
        assertThat(AvailabilityCrossing.of(0, 0)).isEmpty();
    }

    @Test
    void aNewSkuIsAnnouncedOnlyWhenItArrivesSoldOut() {
        assertThat(AvailabilityCrossing.ofNewSku(0)).hasValue(0);
        assertThat(AvailabilityCrossing.ofNewSku(5)).isEmpty();
    }

    @Test
    void onlyMovesThatChangeAvailableUnitsCanCrossZero() {
        assertThat(StockEffect.RESERVED_TO_COMMITTED.availableSign()).isZero();
        assertThat(StockEffect.COMMIT_RETURNED_UNITS.availableSign()).isEqualTo(-1);
        assertThat(StockEffect.RETURN_RESERVED.availableSign()).isEqualTo(1);
        assertThat(StockEffect.RETURN_COMMITTED.availableSign()).isEqualTo(1);
        assertThat(StockEffect.NONE.availableSign()).isZero();
    }
}
