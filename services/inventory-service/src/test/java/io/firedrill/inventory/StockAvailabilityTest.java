package io.firedrill.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.commands.CommitReservation;
import io.firedrill.contracts.commands.ReleaseReservation;
import io.firedrill.contracts.commands.ReserveInventory;
import io.firedrill.contracts.events.InventoryReserved;
import io.firedrill.contracts.events.ReservationExpired;
import io.firedrill.contracts.events.StockAvailabilityChanged;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sold out and back in stock are announced in the transaction that moved the units, keyed by the SKU's stream id,
 * and only when availability crosses zero.
 */
class StockAvailabilityTest extends InventoryTestSupport {

    @AfterEach
    void restoreSettings() throws Exception {
        HttpResponse<String> restored = admin().patch("/admin/settings", "{\"confirmGuard\":true,\"reaperInterval\":\"100ms\"}");
        assertThat(restored.statusCode()).isEqualTo(200);
    }

    private List<StockAvailabilityChanged> availability(String sku) {
        return announced(StockAvailabilityChanged.streamId(sku), StockAvailabilityChanged.class);
    }

    @Test
    void reservingTheLastUnitsAnnouncesSoldOutAndNothingBefore() throws Exception {
        String sku = newSku();
        load(sku, 3);

        dispatch(new ReserveInventory(UUID.randomUUID(), items(sku, 2), 60));
        assertThat(availability(sku)).isEmpty();
        dispatch(new ReserveInventory(UUID.randomUUID(), items(sku, 1), 60));

        assertThat(availability(sku)).containsExactly(new StockAvailabilityChanged(sku, 0));
        assertThat(jdbc.queryForObject("SELECT aggregatetype FROM outbox WHERE aggregateid = ?", String.class,
                StockAvailabilityChanged.streamId(sku).toString())).isEqualTo("inventory.events");
    }

    @Test
    void releasingASoldOutReservationAnnouncesBackInStock() throws Exception {
        String sku = newSku();
        load(sku, 2);
        UUID orderId = UUID.randomUUID();
        dispatch(new ReserveInventory(orderId, items(sku, 2), 60));
        UUID reservationId = announced(orderId, InventoryReserved.class).get(0).reservationId();

        dispatch(new ReleaseReservation(orderId, reservationId, "customer cancelled"));

        assertThat(availability(sku)).containsExactly(new StockAvailabilityChanged(sku, 0), new StockAvailabilityChanged(sku, 2));
    }

    @Test
    void theReaperAnnouncesBackInStockWhenItReturnsTheUnitsOfASoldOutSku() throws Exception {
        String sku = newSku();
        load(sku, 1);
        UUID orderId = UUID.randomUUID();

        dispatch(new ReserveInventory(orderId, items(sku, 1), 1));
        awaitAnnounced(orderId, ReservationExpired.class);

        assertThat(availability(sku)).containsExactly(new StockAvailabilityChanged(sku, 0), new StockAvailabilityChanged(sku, 1));
    }

    @Test
    void committingHeldUnitsAnnouncesNothingAndALateCommitThatOversellsStaysSoldOut() throws Exception {
        assertThat(admin().patch("/admin/settings", "{\"confirmGuard\":false}").statusCode()).isEqualTo(200);
        String sku = newSku();
        load(sku, 1);
        UUID late = UUID.randomUUID();
        dispatch(new ReserveInventory(late, items(sku, 1), 1));
        UUID lateReservation = announced(late, InventoryReserved.class).get(0).reservationId();
        awaitAnnounced(late, ReservationExpired.class); // sold out, then back in stock
        UUID buyer = UUID.randomUUID();
        dispatch(new ReserveInventory(buyer, items(sku, 1), 60)); // the returned unit re-sold: sold out again
        dispatch(new CommitReservation(buyer, announced(buyer, InventoryReserved.class).get(0).reservationId()));

        dispatch(new CommitReservation(late, lateReservation)); // guard off: committed although expired (oversell)

        assertThat(availability(sku)).containsExactly(new StockAvailabilityChanged(sku, 0),
                new StockAvailabilityChanged(sku, 1), new StockAvailabilityChanged(sku, 0));
        assertThat(committed(sku)).isEqualTo(2);
    }

    @Test
    void aCatalogLoadAnnouncesARestockedSkuAndANewSkuLoadedEmpty() throws Exception {
        String restocked = newSku();
        String empty = newSku();
        load(restocked, 1);
        dispatch(new ReserveInventory(UUID.randomUUID(), items(restocked, 1), 60));

        load(restocked, 5);
        load(empty, 0);
        load(restocked, 7); // still in stock: silent

        assertThat(availability(restocked)).containsExactly(new StockAvailabilityChanged(restocked, 0),
                new StockAvailabilityChanged(restocked, 5));
        assertThat(availability(empty)).containsExactly(new StockAvailabilityChanged(empty, 0));
    }
}
