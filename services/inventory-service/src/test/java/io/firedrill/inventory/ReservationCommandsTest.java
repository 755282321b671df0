package io.firedrill.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.commands.CommitReservation;
import io.firedrill.contracts.commands.ReleaseReservation;
import io.firedrill.contracts.commands.ReserveInventory;
import io.firedrill.contracts.events.InventoryRejected;
import io.firedrill.contracts.events.InventoryReserved;
import io.firedrill.contracts.events.ReservationCommitted;
import io.firedrill.contracts.events.ReservationReleased;
import io.firedrill.messaging.MessageDispatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** ReserveInventory, CommitReservation and ReleaseReservation on the real stack, through the real consumer. */
class ReservationCommandsTest extends InventoryTestSupport {

    @Test
    void reservesStockAndAnnouncesItWhenEnoughIsAvailable() throws Exception {
        String sku = newSku();
        load(sku, 5);
        UUID orderId = UUID.randomUUID();
        Instant before = Instant.now();

        send(UUID.randomUUID(), new ReserveInventory(orderId, items(sku, 2), 60)); // through Kafka and the binder

        InventoryReserved reserved = awaitAnnounced(orderId, InventoryReserved.class);
        assertThat(reserved.expiresAt()).isBetween(before.plusSeconds(59), Instant.now().plusSeconds(61));
        assertThat(stockRow(sku)).containsEntry("on_hand", 5L).containsEntry("reserved", 2L).containsEntry("committed", 0L);
        assertThat(jdbc.queryForMap("SELECT status, order_id, tenant_region FROM reservation WHERE id = ?", reserved.reservationId().toString()))
                .containsEntry("status", "ACTIVE").containsEntry("order_id", orderId.toString()).containsEntry("tenant_region", "eu-west");
        assertThat(jdbc.queryForObject("SELECT quantity FROM reservation_line WHERE reservation_id = ? AND sku = ?", Integer.class,
                reserved.reservationId().toString(), sku)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT aggregatetype FROM outbox WHERE aggregateid = ?", String.class, orderId.toString()))
                .isEqualTo("inventory.events");
    }

    @Test
    void rejectsAsOutOfStockAndChangesNoStockWhenOneLineCannotBeHeld() throws Exception {
        String plenty = newSku();
        String scarce = newSku();
        load(plenty, 10);
        load(scarce, 1);
        UUID orderId = UUID.randomUUID();

        dispatch(new ReserveInventory(orderId, items(plenty, 3, scarce, 2), 60));

        assertThat(announced(orderId)).containsExactly(new InventoryRejected(orderId, InventoryRejected.Reason.OUT_OF_STOCK));
        assertThat(stockRow(plenty)).containsEntry("reserved", 0L).containsEntry("on_hand", 10L);
        assertThat(stockRow(scarce)).containsEntry("reserved", 0L).containsEntry("on_hand", 1L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM reservation_line l JOIN reservation r ON r.id = l.reservation_id "
                + "WHERE r.order_id = ?", Integer.class, orderId.toString())).isZero();
    }

    @Test
    void rejectsAnUnknownSkuWithoutTouchingTheKnownOnes() throws Exception {
        String known = newSku();
        load(known, 4);
        UUID orderId = UUID.randomUUID();

        dispatch(new ReserveInventory(orderId, items(known, 1, newSku(), 1), 60));

        assertThat(announced(orderId)).containsExactly(new InventoryRejected(orderId, InventoryRejected.Reason.UNKNOWN_SKU));
        assertThat(reserved(known)).isZero();
    }

    @Test
    void aSecondReserveForTheSameOrderReannouncesTheFirstOutcomeAndHoldsNothingMore() throws Exception {
        String sku = newSku();
        load(sku, 3);
        UUID reservedOrder = UUID.randomUUID();
        UUID rejectedOrder = UUID.randomUUID();

        dispatch(new ReserveInventory(reservedOrder, items(sku, 2), 60));
        dispatch(new ReserveInventory(rejectedOrder, items(sku, 2), 60));
        load(sku, 5); // restocked in between: the rejected order must still get its first answer
        dispatch(new ReserveInventory(reservedOrder, items(sku, 2), 60)); // new event ids: the saga asking again
        dispatch(new ReserveInventory(rejectedOrder, items(sku, 2), 60));

        List<InventoryReserved> answers = announced(reservedOrder, InventoryReserved.class);
        assertThat(answers).hasSize(2);
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
        assertThat(announced(rejectedOrder)).containsExactly(
                new InventoryRejected(rejectedOrder, InventoryRejected.Reason.OUT_OF_STOCK),
                new InventoryRejected(rejectedOrder, InventoryRejected.Reason.OUT_OF_STOCK));
        assertThat(reserved(sku)).isEqualTo(2);
    }

    @Test
    void theSameCommandDeliveredTwiceHasOneEffect() throws Exception {
        String sku = newSku();
        load(sku, 10);
        UUID orderId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        ReserveInventory command = new ReserveInventory(orderId, items(sku, 4), 60);

        send(eventId, command); // the relay publishing twice, or a redelivery after a crash
        send(eventId, command);
        UUID reservationId = awaitAnnounced(orderId, InventoryReserved.class).reservationId();
        // Same key, same partition, in order: once this commit is handled, both copies before it were too.
        send(UUID.randomUUID(), new CommitReservation(orderId, reservationId));
        awaitAnnounced(orderId, ReservationCommitted.class);

        assertThat(announced(orderId, InventoryReserved.class)).hasSize(1);
        assertThat(stockRow(sku)).containsEntry("reserved", 0L).containsEntry("committed", 4L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM processed_message WHERE message_id = ?", Integer.class,
                eventId.toString())).isEqualTo(1);
        assertThat(dispatch(eventId, command)).isEqualTo(MessageDispatcher.Outcome.DUPLICATE);
    }

    @Test
    void fiftyConcurrentBuyersOfTenUnitsGetExactlyTenReservations() throws Exception {
        String sku = newSku();
        load(sku, 10);
        List<UUID> orders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            orders.add(UUID.randomUUID());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<MessageDispatcher.Outcome>> outcomes = new ArrayList<>();
            for (UUID order : orders) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return dispatch(new ReserveInventory(order, items(sku, 1), 60));
                }));
            }
            start.countDown();
            for (Future<MessageDispatcher.Outcome> outcome : outcomes) {
                assertThat(outcome.get()).isEqualTo(MessageDispatcher.Outcome.HANDLED);
            }
        } finally {
            pool.shutdownNow();
        }

        long reservedOrders = orders.stream().filter(o -> !announced(o, InventoryReserved.class).isEmpty()).count();
        long rejectedOrders = orders.stream().filter(o -> announced(o).equals(List.of(
                new InventoryRejected(o, InventoryRejected.Reason.OUT_OF_STOCK)))).count();
        assertThat(reservedOrders).isEqualTo(10);
        assertThat(rejectedOrders).isEqualTo(40);
        assertThat(stockRow(sku)).containsEntry("on_hand", 10L).containsEntry("reserved", 10L).containsEntry("committed", 0L);
        assertThat(jdbc.queryForObject("SELECT COALESCE(SUM(l.quantity), 0) FROM reservation_line l JOIN reservation r "
                + "ON r.id = l.reservation_id WHERE l.sku = ? AND r.status = 'ACTIVE'", Long.class, sku)).isEqualTo(10);
    }

    @Test
    void commitTurnsHeldUnitsIntoSoldUnitsOnceEvenWhenRedelivered() throws Exception {
        String sku = newSku();
        load(sku, 5);
        UUID orderId = UUID.randomUUID();
        dispatch(new ReserveInventory(orderId, items(sku, 3), 60));
        UUID reservationId = announced(orderId, InventoryReserved.class).get(0).reservationId();

        dispatch(new CommitReservation(orderId, reservationId));
        dispatch(new CommitReservation(orderId, reservationId)); // the saga retrying after a timeout

        assertThat(announced(orderId, ReservationCommitted.class)).containsExactly(
                new ReservationCommitted(orderId, reservationId), new ReservationCommitted(orderId, reservationId));
        assertThat(stockRow(sku)).containsEntry("on_hand", 5L).containsEntry("reserved", 0L).containsEntry("committed", 3L);
        assertThat(jdbc.queryForObject("SELECT status FROM reservation WHERE id = ?", String.class, reservationId.toString()))
                .isEqualTo("COMMITTED");
    }

    @Test
    void releaseGivesHeldUnitsBackOnceAndRedeliveryOnlyReannounces() throws Exception {
        String sku = newSku();
        load(sku, 5);
        UUID orderId = UUID.randomUUID();
        dispatch(new ReserveInventory(orderId, items(sku, 2), 60));
        UUID reservationId = announced(orderId, InventoryReserved.class).get(0).reservationId();

        dispatch(new ReleaseReservation(orderId, reservationId, "payment declined"));
        dispatch(new ReleaseReservation(orderId, reservationId, "payment declined"));

        assertThat(announced(orderId, ReservationReleased.class)).hasSize(2);
        assertThat(stockRow(sku)).containsEntry("reserved", 0L).containsEntry("committed", 0L);
        assertThat(jdbc.queryForObject("SELECT status FROM reservation WHERE id = ?", String.class, reservationId.toString()))
                .isEqualTo("RELEASED");
    }

    @Test
    void releasingACommittedReservationReturnsTheSoldUnits() throws Exception {
        String sku = newSku();
        load(sku, 5);
        UUID orderId = UUID.randomUUID();
        dispatch(new ReserveInventory(orderId, items(sku, 2), 60));
        UUID reservationId = announced(orderId, InventoryReserved.class).get(0).reservationId();
        dispatch(new CommitReservation(orderId, reservationId));

        dispatch(new ReleaseReservation(orderId, reservationId, "shipment failed"));

        assertThat(announced(orderId, ReservationReleased.class)).containsExactly(new ReservationReleased(orderId, reservationId));
        assertThat(stockRow(sku)).containsEntry("on_hand", 5L).containsEntry("reserved", 0L).containsEntry("committed", 0L);
    }

    @Test
    void aCommandNamingAnotherOrdersReservationIsDeadLetteredAndChangesNothing() throws Exception {
        String sku = newSku();
        load(sku, 5);
        UUID orderId = UUID.randomUUID();
        dispatch(new ReserveInventory(orderId, items(sku, 2), 60));
        UUID reservationId = announced(orderId, InventoryReserved.class).get(0).reservationId();
        UUID otherOrder = UUID.randomUUID();

        assertThat(dispatch(new CommitReservation(otherOrder, reservationId))).isEqualTo(MessageDispatcher.Outcome.DEAD_LETTERED);
        assertThat(dispatch(new ReleaseReservation(otherOrder, UUID.randomUUID(), "bug")))
                .isEqualTo(MessageDispatcher.Outcome.DEAD_LETTERED);

        assertThat(stockRow(sku)).containsEntry("reserved", 2L).containsEntry("committed", 0L);
        assertThat(announced(otherOrder)).isEmpty();
    }
}
