package io.firedrill.order;

import io.firedrill.order.admin.OrderSettings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.contracts.ContractValidator;
import io.firedrill.contracts.ValidationResult;
import io.firedrill.contracts.events.InventoryRejected;
import io.firedrill.contracts.events.InventoryReserved;
import io.firedrill.contracts.events.PaymentAuthorized;
import io.firedrill.contracts.events.PaymentDeclined;
import io.firedrill.contracts.events.PaymentRefunded;
import io.firedrill.contracts.events.ReservationCommitted;
import io.firedrill.contracts.events.ReservationExpired;
import io.firedrill.contracts.events.ReservationReleased;
import io.firedrill.contracts.events.ShipmentCreated;
import io.firedrill.contracts.events.ShipmentFailed;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One test per path of the checkout saga, read like a script: the test plays inventory, payment and shipment by
 * producing their replies to Kafka, and asserts on the order and saga rows, the commands and events in the outbox,
 * and the HTTP view.
 */
class CheckoutSagaTest extends OrderServiceTestBase {

    private static final ContractValidator CONTRACTS = ContractValidator.create();

    @Autowired MeterRegistry meters;

    @Test
    void completesOrderWhenEveryStepSucceeds() {
        UUID customer = UUID.randomUUID();
        String shoes = newSku(1250);
        String socks = newSku(999);
        double completedBefore = counter("firedrill_checkout_total", "outcome", "completed");

        UUID order = placeOrder(customer, shoes, 2, socks, 1);
        assertThat(orderRow(order)).containsEntry("status", "PENDING").containsEntry("total_cents", 3499L);
        assertThat(sagaRow(order)).containsEntry("state", "RUNNING").containsEntry("step", "RESERVE_INVENTORY")
                .containsEntry("attempts", 1);
        JsonNode reserve = outboxPayload(order, "ReserveInventory");
        assertThat(reserve.path("ttlSeconds").asInt()).isEqualTo(30);
        assertThat(reserve.path("items")).hasSize(2);
        // The event every consumer reads shows the masked card; the command carries the token; neither the number.
        assertThat(outboxPayload(order, "OrderPlaced").path("paymentMethod").asText()).isEqualTo("visa ****1111");

        UUID reservation = reserve(order);
        assertThat(orderRow(order)).containsEntry("status", "RESERVED");
        JsonNode authorize = outboxPayload(order, "AuthorizePayment");
        assertThat(authorize.path("amountCents").asLong()).isEqualTo(3499);
        assertThat(authorize.path("currency").asText()).isEqualTo("EUR");
        assertThat(authorize.path("paymentMethod").asText()).startsWith("pm_");
        assertThat(orderRow(order)).containsEntry("payment_card", "visa ****1111");
        assertThat(authorize.path("customerId").asText()).isEqualTo(customer.toString());

        UUID payment = authorize(order);
        assertThat(orderRow(order)).containsEntry("status", "PAID");
        assertThat(outboxPayload(order, "CommitReservation").path("reservationId").asText()).isEqualTo(reservation.toString());

        participants().send(new ReservationCommitted(order, reservation));
        awaitSaga(order, "RUNNING", "CREATE_SHIPMENT");
        JsonNode shipment = outboxPayload(order, "CreateShipment");
        assertThat(shipment.path("address").path("country").asText()).isEqualTo("IE");
        assertThat(shipment.path("items")).hasSize(2);

        participants().send(new ShipmentCreated(order, UUID.randomUUID(), "labels/" + order + ".pdf"));
        awaitOrderStatus(order, "COMPLETED");

        assertThat(sagaRow(order)).containsEntry("state", "COMPLETED").containsEntry("step", null)
                .containsEntry("step_deadline", null).containsEntry("payment_id", payment.toString())
                .containsEntry("reservation_status", "COMMITTED");
        assertThat(outboxTypes(order)).containsExactly("OrderPlaced", "ReserveInventory", "AuthorizePayment",
                "CommitReservation", "CreateShipment", "OrderCompleted");
        assertThat(outboxPayload(order, "OrderCompleted").path("customerId").asText()).isEqualTo(customer.toString());
        assertEveryOutboxMessageHonoursItsContract(order);
        await().untilAsserted(() -> assertThat(counter("firedrill_checkout_total", "outcome", "completed"))
                .isEqualTo(completedBefore + 1));
        await().untilAsserted(() -> {
            Response view = get("/api/orders/" + order);
            assertThat(view.status()).isEqualTo(200);
            assertThat(view.json().path("status").asText()).isEqualTo("COMPLETED");
            assertThat(view.json().path("totalCents").asLong()).isEqualTo(3499);
            assertThat(view.json().path("saga").path("state").asText()).isEqualTo("COMPLETED");
            assertThat(view.headers().firstValue("Retry-After")).as("a final order: nothing to wait for").isEmpty();
        });
    }

    @Test
    void cancelsAndReleasesReservationWhenPaymentIsDeclined() {
        UUID order = placeOrder();
        UUID reservation = reserve(order);

        participants().send(new PaymentDeclined(order, "card declined by issuer"));
        awaitSaga(order, "COMPENSATING", "RELEASE_RESERVATION");
        assertThat(orderRow(order)).containsEntry("status", "RESERVED").containsEntry("reason", "PAYMENT_DECLINED");
        JsonNode release = outboxPayload(order, "ReleaseReservation");
        assertThat(release.path("reservationId").asText()).isEqualTo(reservation.toString());
        assertThat(release.path("reason").asText()).isEqualTo("PAYMENT_DECLINED");

        participants().send(new ReservationReleased(order, reservation));
        awaitOrderStatus(order, "CANCELLED");

        assertThat(orderRow(order)).containsEntry("reason", "PAYMENT_DECLINED");
        assertThat(sagaRow(order)).containsEntry("state", "CANCELLED").containsEntry("reservation_status", "RELEASED");
        assertThat(outboxTypes(order)).containsExactly("OrderPlaced", "ReserveInventory", "AuthorizePayment",
                "ReleaseReservation", "OrderCancelled");
        assertThat(outboxPayload(order, "OrderCancelled").path("reason").asText()).isEqualTo("PAYMENT_DECLINED");
        assertEveryOutboxMessageHonoursItsContract(order);
    }

    @Test
    void refundsWhenReservationExpiredBeforeCommit() {
        UUID order = placeOrder();
        UUID reservation = reserve(order);
        UUID payment = authorize(order);

        // The confirm guard refused the commit: the reservation is gone, so only the money goes back.
        participants().send(new ReservationExpired(order, reservation, Instant.now()));
        awaitSaga(order, "COMPENSATING", "REFUND_PAYMENT");
        JsonNode refund = outboxPayload(order, "RefundPayment");
        assertThat(refund.path("paymentId").asText()).isEqualTo(payment.toString());
        assertThat(refund.path("amountCents").asLong()).isEqualTo(1250);
        assertThat(refund.path("reason").asText()).isEqualTo("RESERVATION_EXPIRED");

        participants().send(new PaymentRefunded(order, payment, 1250));
        awaitOrderStatus(order, "CANCELLED");

        assertThat(orderRow(order)).containsEntry("reason", "RESERVATION_EXPIRED");
        assertThat(sagaRow(order)).containsEntry("state", "CANCELLED").containsEntry("payment_status", "REFUNDED")
                .containsEntry("reservation_status", "EXPIRED");
        assertThat(outboxTypes(order)).containsExactly("OrderPlaced", "ReserveInventory", "AuthorizePayment",
                "CommitReservation", "RefundPayment", "OrderCancelled");
    }

    @Test
    void stillAsksInventoryToCommitWhenTheReservationExpiredDuringPayment() {
        UUID order = placeOrder();
        UUID reservation = reserve(order);
        // The reaper expired the reservation while the payment was slow (TTL shorter than payment latency).
        participants().send(new ReservationExpired(order, reservation, Instant.now()));
        await().untilAsserted(() -> assertThat(sagaRow(order)).containsEntry("reservation_status", "EXPIRED"));

        authorize(order);

        // Inventory's confirm guard decides, not the saga: with the guard off this commit is the oversell.
        assertThat(outboxCount(order, "CommitReservation")).isEqualTo(1);
        participants().send(new ReservationExpired(order, reservation, Instant.now()));
        awaitSaga(order, "COMPENSATING", "REFUND_PAYMENT");
        assertThat(outboxCount(order, "ReleaseReservation")).isZero();
    }

    @Test
    void cancelsWhenOutOfStock() {
        UUID order = placeOrder();

        participants().send(new InventoryRejected(order, InventoryRejected.Reason.OUT_OF_STOCK));
        awaitOrderStatus(order, "CANCELLED");

        assertThat(orderRow(order)).containsEntry("reason", "OUT_OF_STOCK");
        assertThat(sagaRow(order)).containsEntry("state", "CANCELLED").containsEntry("reservation_status", "NONE");
        assertThat(outboxTypes(order)).containsExactly("OrderPlaced", "ReserveInventory", "OrderCancelled");
        assertThat(outboxPayload(order, "OrderCancelled").path("reason").asText()).isEqualTo("OUT_OF_STOCK");
    }

    @Test
    void cancelsWithUnknownSkuWhenInventoryDoesNotKnowTheSku() {
        UUID order = placeOrder();

        participants().send(new InventoryRejected(order, InventoryRejected.Reason.UNKNOWN_SKU));
        awaitOrderStatus(order, "CANCELLED");

        assertThat(orderRow(order)).containsEntry("reason", "UNKNOWN_SKU");
    }

    @Test
    void releasesAndRefundsWhenShipmentFails() {
        UUID order = placeOrder();
        UUID reservation = reserve(order);
        UUID payment = authorize(order);
        participants().send(new ReservationCommitted(order, reservation));
        awaitSaga(order, "RUNNING", "CREATE_SHIPMENT");

        participants().send(new ShipmentFailed(order, "carrier rejected the address"));
        // Compensations run backwards through the table: the pivot's refund, then the reservation.
        awaitSaga(order, "COMPENSATING", "REFUND_PAYMENT");
        assertThat(outboxPayload(order, "RefundPayment").path("reason").asText()).isEqualTo("SHIPMENT_FAILED");
        participants().send(new PaymentRefunded(order, payment, 1250));
        awaitSaga(order, "COMPENSATING", "RELEASE_RESERVATION");
        participants().send(new ReservationReleased(order, reservation));
        awaitOrderStatus(order, "CANCELLED");

        assertThat(orderRow(order)).containsEntry("reason", "SHIPMENT_FAILED");
        assertThat(outboxTypes(order)).endsWith("CreateShipment", "RefundPayment", "ReleaseReservation", "OrderCancelled");
    }

    @Test
    void sweeperResendsStepCommandAfterDeadline() {
        settings.update(s -> new OrderSettings.Snapshot(s.reservationTtlSeconds(), Duration.ofMillis(300),
                s.paymentDeadline(), s.commitDeadline(), s.shipmentDeadline(), s.compensationDeadline(), 3,
                s.compensationMaxAttempts(), s.compensationRetryFor(), s.sweeperInterval(), s.readConsistency(), s.maxSagasInFlight(), s.admissionLatencyTarget()));
        double timeoutsBefore = counter("firedrill_saga_step_timeouts_total", "step", "RESERVE_INVENTORY");

        UUID order = placeOrder();

        // Inventory never answers: the command goes out again at each deadline, then the saga gives up.
        awaitOrderStatus(order, "CANCELLED");
        assertThat(outboxCount(order, "ReserveInventory")).isEqualTo(3);
        assertThat(orderRow(order)).containsEntry("reason", "INVENTORY_TIMEOUT");
        assertThat(sagaRow(order)).containsEntry("state", "CANCELLED");
        assertThat((String) sagaRow(order).get("last_error")).contains("ReserveInventory not answered after 3 attempts");
        assertThat(counter("firedrill_saga_step_timeouts_total", "step", "RESERVE_INVENTORY")).isGreaterThanOrEqualTo(timeoutsBefore + 3);
        List<String> resent = jdbc.queryForList("SELECT payload FROM outbox WHERE aggregateid = ? AND type = 'ReserveInventory'",
                String.class, order.toString());
        assertThat(resent.stream().map(CheckoutSagaTest::tree).distinct()).as("resent commands are identical").hasSize(1);
        List<String> traces = jdbc.queryForList("SELECT tracingspancontext FROM outbox WHERE aggregateid = ?", String.class,
                order.toString());
        assertThat(traces).as("every message of the checkout, resends included, carries its trace").doesNotContainNull();
        assertThat(traces.stream().map(t -> t.substring(3, 35)).distinct()).as("one trace id per checkout").hasSize(1);
    }

    @Test
    void releasesAReservationThatArrivesAfterTheReserveStepTimedOut() {
        settings.update(s -> new OrderSettings.Snapshot(s.reservationTtlSeconds(), Duration.ofMillis(200),
                s.paymentDeadline(), s.commitDeadline(), s.shipmentDeadline(), s.compensationDeadline(), 1,
                s.compensationMaxAttempts(), s.compensationRetryFor(), s.sweeperInterval(), s.readConsistency(), s.maxSagasInFlight(), s.admissionLatencyTarget()));
        UUID order = placeOrder();
        awaitOrderStatus(order, "CANCELLED");

        UUID lateReservation = UUID.randomUUID();
        participants().send(new InventoryReserved(order, lateReservation, Instant.now().plusSeconds(30)));

        awaitSaga(order, "COMPENSATING", "RELEASE_RESERVATION");
        assertThat(outboxPayload(order, "ReleaseReservation").path("reservationId").asText()).isEqualTo(lateReservation.toString());
        assertThat(orderRow(order)).containsEntry("status", "CANCELLED");
        participants().send(new ReservationReleased(order, lateReservation));
        awaitSaga(order, "CANCELLED", null);
        assertThat(outboxCount(order, "OrderCancelled")).isEqualTo(1);
    }

    @Test
    void compensatesLatePaymentAfterTimeout() {
        settings.update(s -> new OrderSettings.Snapshot(s.reservationTtlSeconds(), s.reserveDeadline(),
                Duration.ofMillis(300), s.commitDeadline(), s.shipmentDeadline(), s.compensationDeadline(), 2,
                s.compensationMaxAttempts(), s.compensationRetryFor(), s.sweeperInterval(), s.readConsistency(), s.maxSagasInFlight(), s.admissionLatencyTarget()));
        UUID order = placeOrder();
        UUID reservation = reserve(order);

        // Payment does not answer in time, twice: the saga gives up and releases the stock.
        awaitSaga(order, "COMPENSATING", "RELEASE_RESERVATION");
        assertThat(outboxCount(order, "AuthorizePayment")).isEqualTo(2);
        assertThat((String) sagaRow(order).get("last_error")).contains("AuthorizePayment not answered after 2 attempts");
        participants().send(new ReservationReleased(order, reservation));
        awaitOrderStatus(order, "CANCELLED");
        assertThat(orderRow(order)).containsEntry("reason", "PAYMENT_TIMEOUT");

        // Then the payment is authorized after all: the money must go back, not be ignored.
        UUID latePayment = UUID.randomUUID();
        participants().send(new PaymentAuthorized(order, latePayment, 1250));
        awaitSaga(order, "COMPENSATING", "REFUND_PAYMENT");
        assertThat(outboxPayload(order, "RefundPayment").path("paymentId").asText()).isEqualTo(latePayment.toString());
        assertThat(orderRow(order)).containsEntry("status", "CANCELLED");

        participants().send(new PaymentRefunded(order, latePayment, 1250));
        awaitSaga(order, "CANCELLED", null);
        assertThat(sagaRow(order)).containsEntry("payment_status", "REFUNDED");
        assertThat(outboxCount(order, "OrderCancelled")).isEqualTo(1);
        assertThat(outboxCount(order, "CommitReservation")).isZero();
    }

    @Test
    void endsInCompensationFailedWhenRefundNeverSucceeds() {
        double failedBefore = counter("firedrill_saga_compensation_failed_total");
        UUID order = refundThatPaymentNeverAcknowledges();

        awaitOrderStatus(order, "COMPENSATION_FAILED");

        Map<String, Object> saga = sagaRow(order);
        assertThat(saga).containsEntry("state", "COMPENSATION_FAILED").containsEntry("step", null)
                .containsEntry("payment_status", "AUTHORIZED");
        assertThat((String) saga.get("last_error")).contains("RefundPayment not acknowledged after 2 attempts");
        assertThat(orderRow(order)).containsEntry("reason", "RESERVATION_EXPIRED");
        assertThat(outboxCount(order, "RefundPayment")).isEqualTo(2);
        assertThat(outboxCount(order, "OrderCancelled")).isZero();
        await().untilAsserted(() -> assertThat(counter("firedrill_saga_compensation_failed_total"))
                .isGreaterThanOrEqualTo(failedBefore + 1));
        await().untilAsserted(() -> {
            JsonNode view = get("/api/orders/" + order).json();
            assertThat(view.path("status").asText()).isEqualTo("COMPENSATION_FAILED");
            assertThat(view.path("saga").path("state").asText()).isEqualTo("COMPENSATION_FAILED");
            assertThat(view.path("saga").path("lastError").asText()).contains("RefundPayment");
        });
    }

    @Test
    void resolvesCompensationFailedWhenTheRefundIsAcknowledgedLate() {
        UUID order = refundThatPaymentNeverAcknowledges();
        awaitOrderStatus(order, "COMPENSATION_FAILED");
        UUID payment = UUID.fromString((String) sagaRow(order).get("payment_id"));

        participants().send(new PaymentRefunded(order, payment, 1250));

        awaitOrderStatus(order, "CANCELLED");
        assertThat(sagaRow(order)).containsEntry("state", "CANCELLED").containsEntry("payment_status", "REFUNDED");
        assertThat(outboxCount(order, "OrderCancelled")).isEqualTo(1);
    }

    @Test
    void appliesAReplyDeliveredTwiceOnlyOnce() {
        UUID order = placeOrder();
        UUID reservation = UUID.randomUUID();
        InventoryReserved reserved = new InventoryReserved(order, reservation, Instant.now().plusSeconds(30));

        UUID eventId = participants().send(reserved);
        participants().send(eventId, reserved);
        // The participant answering a resent command: same reply, new event id. Same key, same partition, so once
        // this one is processed the two copies before it are too.
        UUID reemitted = participants().send(reserved);
        await().untilAsserted(() -> assertThat(processed(reemitted)).isEqualTo(1));

        assertThat(processed(eventId)).isEqualTo(1);
        assertThat(outboxCount(order, "AuthorizePayment")).isEqualTo(1);
        assertThat(sagaRow(order)).containsEntry("state", "RUNNING").containsEntry("step", "AUTHORIZE_PAYMENT")
                .containsEntry("attempts", 1).containsEntry("reservation_id", reservation.toString());
        assertThat(orderRow(order)).containsEntry("status", "RESERVED").containsEntry("version", 1L);
    }

    @Test
    void ignoresAReplyForAnUnknownOrderWithoutDeadLettering() {
        UUID eventId = participants().send(new PaymentAuthorized(UUID.randomUUID(), UUID.randomUUID(), 100));

        // Marked processed: handled (and ignored), not dead-lettered.
        await().untilAsserted(() -> assertThat(processed(eventId)).isEqualTo(1));
    }

    @Test
    void customerCancelsBeforePaymentAndTheReservationIsReleased() {
        UUID order = placeOrder();
        UUID reservation = reserve(order);

        Response cancel = post("/api/orders/" + order + "/cancel", "");
        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.json().path("orderId").asText()).isEqualTo(order.toString());
        assertThat(post("/api/orders/" + order + "/cancel", "").status()).as("cancelling twice").isEqualTo(202);

        awaitSaga(order, "COMPENSATING", "RELEASE_RESERVATION");
        assertThat(outboxPayload(order, "ReleaseReservation").path("reason").asText()).isEqualTo("CUSTOMER_CANCELLED");
        participants().send(new ReservationReleased(order, reservation));
        awaitOrderStatus(order, "CANCELLED");
        assertThat(orderRow(order)).containsEntry("reason", "CUSTOMER_CANCELLED");

        // The payment was already requested: if it is authorized now, it is refunded.
        UUID latePayment = UUID.randomUUID();
        participants().send(new PaymentAuthorized(order, latePayment, 1250));
        awaitSaga(order, "COMPENSATING", "REFUND_PAYMENT");
    }

    @Test
    void refusesToCancelOnceThePaymentIsAuthorized() {
        UUID order = placeOrder();
        reserve(order);
        authorize(order);

        JsonNode problem = post("/api/orders/" + order + "/cancel", "").problem(409);
        assertThat(problem.path("detail").asText()).contains(order.toString()).contains("PAID");
        assertThat(sagaRow(order)).containsEntry("state", "RUNNING").containsEntry("step", "COMMIT_RESERVATION");

        UUID unknown = UUID.randomUUID();
        assertThat(post("/api/orders/" + unknown + "/cancel", "").problem(404).path("detail").asText())
                .contains(unknown.toString());
    }

    private int processed(UUID eventId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM processed_message WHERE message_id = ?", Integer.class,
                eventId.toString());
    }

    private double counter(String name, String... tags) {
        return meters.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private void assertEveryOutboxMessageHonoursItsContract(UUID order) {
        jdbc.query("SELECT type, schema_version, payload FROM outbox WHERE aggregateid = ?", rs -> {
            ValidationResult result = CONTRACTS.validate(rs.getString(1), rs.getInt(2), rs.getString(3));
            assertThat(result.isValid()).as("%s: %s", rs.getString(1), result.summary()).isTrue();
        }, order.toString());
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
