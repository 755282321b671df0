package io.firedrill.inventory;

import io.firedrill.stack.testing.AdminHttp;
import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.commands.CommitReservation;
import io.firedrill.contracts.commands.ReserveInventory;
import io.firedrill.contracts.events.InventoryReserved;
import io.firedrill.contracts.events.ReservationCommitted;
import io.firedrill.contracts.events.ReservationExpired;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reservation TTL, the reaper, and the confirm guard both ways; the guard-off case is the oversell incident the
 * chaos scenario builds on. Settings are changed through the management endpoint, as a scenario would.
 */
class ConfirmGuardAndReaperTest extends InventoryTestSupport {

    @Autowired MeterRegistry meters;

    @AfterEach
    void restoreSettings() throws Exception {
        HttpResponse<String> restored = admin().patch("/admin/settings", "{\"confirmGuard\":true,\"reaperInterval\":\"100ms\"}");
        assertThat(restored.statusCode()).isEqualTo(200);
    }

    @Test
    void theReaperExpiresAReservationPastItsTtlAnnouncesItAndReturnsTheUnits() throws Exception {
        String sku = newSku();
        load(sku, 3);
        UUID orderId = UUID.randomUUID();
        double expiredBefore = expiredCount();

        dispatch(new ReserveInventory(orderId, items(sku, 2), 1));
        UUID reservationId = announced(orderId, InventoryReserved.class).get(0).reservationId();
        assertThat(reserved(sku)).isEqualTo(2);

        ReservationExpired expired = awaitAnnounced(orderId, ReservationExpired.class);
        assertThat(expired.reservationId()).isEqualTo(reservationId);
        assertThat(stockRow(sku)).containsEntry("on_hand", 3L).containsEntry("reserved", 0L).containsEntry("committed", 0L);
        assertThat(status(reservationId)).isEqualTo("EXPIRED");
        Awaitility.await().atMost(WAIT).until(() -> expiredCount() > expiredBefore); // counted after the commit
    }

    @Test
    void aCommitAfterExpiryWithTheGuardOnIsRefusedAndAnnouncedAsExpired() throws Exception {
        String sku = newSku();
        load(sku, 3);
        UUID orderId = UUID.randomUUID();
        dispatch(new ReserveInventory(orderId, items(sku, 2), 1));
        UUID reservationId = announced(orderId, InventoryReserved.class).get(0).reservationId();
        awaitAnnounced(orderId, ReservationExpired.class);

        dispatch(new CommitReservation(orderId, reservationId)); // the payment outlived the reservation

        assertThat(announced(orderId, ReservationExpired.class)).hasSize(2); // the reaper's, then the refusal
        assertThat(announced(orderId, ReservationCommitted.class)).isEmpty();
        assertThat(stockRow(sku)).containsEntry("reserved", 0L).containsEntry("committed", 0L);
        assertThat(status(reservationId)).isEqualTo("EXPIRED");
    }

    @Test
    void aCommitPastTheTtlIsExpiredOnTheSpotWithTheGuardOnEvenBeforeTheReaperRuns() throws Exception {
        assertThat(admin().patch("/admin/settings", "{\"reaperInterval\":\"1h\"}").statusCode()).isEqualTo(200);
        String sku = newSku();
        load(sku, 3);
        UUID orderId = UUID.randomUUID();
        dispatch(new ReserveInventory(orderId, items(sku, 2), 1));
        InventoryReserved reserved = announced(orderId, InventoryReserved.class).get(0);
        Awaitility.await().atMost(WAIT).until(() -> Instant.now().isAfter(reserved.expiresAt()));
        assertThat(status(reserved.reservationId())).isEqualTo("ACTIVE"); // the reaper is parked

        dispatch(new CommitReservation(orderId, reserved.reservationId()));

        assertThat(announced(orderId, ReservationExpired.class)).hasSize(1);
        assertThat(announced(orderId, ReservationCommitted.class)).isEmpty();
        assertThat(stockRow(sku)).containsEntry("reserved", 0L).containsEntry("committed", 0L);
        assertThat(status(reserved.reservationId())).isEqualTo("EXPIRED");
    }

    @Test
    void oversellsWhenTheGuardIsOffAndAPaymentOutlivesItsReservation() throws Exception {
        String sku = newSku();
        load(sku, 1); // one unit, two buyers
        UUID late = UUID.randomUUID();
        dispatch(new ReserveInventory(late, items(sku, 1), 1));
        UUID lateReservation = announced(late, InventoryReserved.class).get(0).reservationId();
        awaitAnnounced(late, ReservationExpired.class); // TTL shorter than the payment: the reaper returns the unit

        UUID competitor = UUID.randomUUID(); // re-sold to a competing buyer, who pays in time
        dispatch(new ReserveInventory(competitor, items(sku, 1), 60));
        dispatch(new CommitReservation(competitor, announced(competitor, InventoryReserved.class).get(0).reservationId()));
        assertThat(announced(competitor, ReservationCommitted.class)).hasSize(1);

        HttpResponse<String> guardOff = admin().patch("/admin/settings", "{\"confirmGuard\":false}");
        assertThat(guardOff.body()).contains("\"confirmGuard\":false");
        dispatch(new CommitReservation(late, lateReservation)); // the late payment commits anyway: the legacy bug

        assertThat(announced(late, ReservationCommitted.class)).containsExactly(new ReservationCommitted(late, lateReservation));
        assertThat(committed(sku)).isEqualTo(2).isGreaterThan(onHand(sku));
        assertThat(get(app("/api/inventory/stock/" + sku)).body()).contains("\"onHand\":1").contains("\"committed\":2")
                .contains("\"oversold\":1").contains("\"available\":-1");
        assertThat(get(app("/api/inventory/oversold")).body()).contains("\"" + sku + "\"");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(scrapedOversoldUnits()).isPositive());
    }

    @Test
    void settingsLiveOnTheManagementPortOnlyAndRejectBadValues() throws Exception {
        HttpResponse<String> current = admin().get("/admin/settings");
        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(current.body()).contains("\"confirmGuard\":true").contains("\"reaperInterval\":\"100ms\"");

        HttpResponse<String> changed = admin().patch("/admin/settings", "{\"reaperInterval\":250}");
        assertThat(changed.body()).contains("\"reaperInterval\":\"250ms\"");
        assertThat(settings.reaperInterval()).isEqualTo(Duration.ofMillis(250));

        HttpResponse<String> wrongType = admin().patch("/admin/settings", "{\"confirmGuard\":\"no\"}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(admin().patch("/admin/settings", "{\"confirmGuardd\":false}").statusCode()).isEqualTo(400);
        assertThat(admin().patch("/admin/settings", "{not json").statusCode()).isEqualTo(400);
        assertThat(admin().patch("/admin/settings", "{\"reaperInterval\":\"1ms\"}").statusCode()).isEqualTo(422);
        assertThat(settings.confirmGuard()).isTrue();

        assertThat(AdminHttp.management(appPort).patch("/admin/settings", "{\"confirmGuard\":false}").statusCode()).isEqualTo(404);
        assertThat(settings.confirmGuard()).isTrue();
    }

    @Test
    void adminRoutesAnswer401WithoutTheStackTokenWhileHealthAndTheScrapeStayOpen() {
        assertThat(admin().notRefusedWithoutValidToken("GET /admin/settings", "PATCH /admin/settings",
                "DELETE /admin/settings", "POST /actuator/chaosmonkey/assaults", "POST /actuator/dlq/inventory.commands.dlq"))
                .isEmpty();
        assertThat(admin().notOpenToAnonymous("GET /actuator/health/readiness", "GET /actuator/prometheus")).isEmpty();
        assertThat(settings.confirmGuard()).isTrue();
    }

    private String status(UUID reservationId) {
        return jdbc.queryForObject("SELECT status FROM reservation WHERE id = ?", String.class, reservationId.toString());
    }

    private double expiredCount() {
        return meters.get("firedrill_reservation_expired_total").tag("tenant_region", REGION.id()).counter().count();
    }

    /** The gauge as Prometheus sees it on the management port. */
    private double scrapedOversoldUnits() throws Exception {
        String body = get(management("/actuator/prometheus")).body();
        Matcher m = Pattern.compile("(?m)^firedrill_inventory_oversold_units\\{[^}]*service=\"inventory-service\"[^}]*\\} (\\S+)$")
                .matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
