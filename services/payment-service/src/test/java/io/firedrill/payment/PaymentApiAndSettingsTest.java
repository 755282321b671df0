package io.firedrill.payment;

import io.firedrill.stack.testing.OpenApiCapture;
import io.firedrill.stack.testing.AdminHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.commands.AuthorizePayment;
import io.firedrill.contracts.commands.RefundPayment;
import io.firedrill.contracts.events.PaymentAuthorized;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The read API, the runtime settings on the management port, metrics, and the ledger's append-only guarantee. */
class PaymentApiAndSettingsTest extends PaymentTestSupport {

    @AfterEach
    void restoreSettings() {
        settings.update(Duration.ofMillis(20), 0.0, 0.0);
    }

    @Test
    void servesAnOrdersPaymentWithItsLedgerAndAMaskedCard() throws Exception {
        UUID orderId = UUID.randomUUID();
        dispatch(new AuthorizePayment(orderId, UUID.randomUUID(), 1_500, "USD", "4111 1111 1111 1111"));
        UUID paymentId = announced(orderId, PaymentAuthorized.class).get(0).paymentId();
        dispatch(new RefundPayment(orderId, paymentId, 1_500, "cancelled"));

        HttpResponse<String> response = get(app("/api/payments/" + orderId));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"paymentId\":\"" + paymentId + "\"").contains("\"status\":\"REFUNDED\"")
                .contains("\"paymentMethod\":\"************1111\"").contains("\"chargedCents\":0")
                .contains("\"kind\":\"AUTHORIZATION\",\"amountCents\":1500").contains("\"kind\":\"REFUND\",\"amountCents\":-1500")
                .doesNotContain("4111 1111").containsPattern("\"createdAt\":\"\\d{4}-\\d\\d-\\d\\dT");
    }

    @Test
    void anUnknownOrderIsA404NamingItAndAMalformedIdA400() throws Exception {
        UUID orderId = UUID.randomUUID();
        HttpResponse<String> missing = get(app("/api/payments/" + orderId));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(missing.body()).contains(orderId.toString());

        HttpResponse<String> malformed = get(app("/api/payments/not-a-uuid"));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    }

    @Test
    void settingsLiveOnTheManagementPortOnlyAndRejectBadValues() throws Exception {
        HttpResponse<String> current = admin().get("/admin/settings");
        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(current.body()).isEqualTo("{\"providerLatency\":\"20ms\",\"declineRatio\":0.0,\"refundFailureRatio\":0.0,\"dedup\":true}");

        HttpResponse<String> changed = admin().patch("/admin/settings", "{\"providerLatency\":\"2s\",\"declineRatio\":0.25}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo("{\"providerLatency\":\"2000ms\",\"declineRatio\":0.25,\"refundFailureRatio\":0.0,\"dedup\":true}");
        assertThat(settings.current().providerLatency()).isEqualTo(Duration.ofSeconds(2));

        assertThat(admin().patch("/admin/settings", "{\"declineRatio\":1.5}").statusCode()).isEqualTo(422);
        HttpResponse<String> tooMany = admin().patch("/admin/settings", "{\"refundFailureRatio\":2,\"declineRatio\":0.5}");
        assertThat(tooMany.statusCode()).isEqualTo(422);
        assertThat(tooMany.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(tooMany.body()).contains("refundFailureRatio");
        assertThat(admin().patch("/admin/settings", "{\"refundFailureRatio\":\"all\"}").statusCode()).isEqualTo(400);
        assertThat(admin().patch("/admin/settings", "{\"declineRatio\":\"half\"}").statusCode()).isEqualTo(400);
        assertThat(admin().patch("/admin/settings", "{\"providerLatency\":\"soon\"}").statusCode()).isEqualTo(400);
        assertThat(admin().patch("/admin/settings", "{\"latency\":1}").statusCode()).isEqualTo(400);
        HttpResponse<String> notJson = admin().patch("/admin/settings", "{nope");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(settings.current().declineRatio()).isEqualTo(0.25);

        assertThat(AdminHttp.management(appPort).patch("/admin/settings", "{\"declineRatio\":1}").statusCode()).isEqualTo(404);

        HttpResponse<String> reset = admin().delete("/admin/settings");
        assertThat(reset.body()).isEqualTo("{\"providerLatency\":\"20ms\",\"declineRatio\":0.0,\"refundFailureRatio\":0.0,\"dedup\":true}");
        assertThat(settings.current().declineRatio()).isZero();
    }

    @Test
    void adminRoutesAnswer401WithoutTheStackTokenWhileHealthAndTheScrapeStayOpen() {
        assertThat(admin().notRefusedWithoutValidToken("GET /admin/settings", "PATCH /admin/settings",
                "DELETE /admin/settings", "POST /actuator/chaosmonkey/assaults", "POST /actuator/dlq/payment.commands.dlq"))
                .isEmpty();
        assertThat(admin().notOpenToAnonymous("GET /actuator/health/readiness", "GET /actuator/prometheus")).isEmpty();
        assertThat(settings.current().declineRatio()).isZero();
    }

    @Test
    void theLedgerIsAppendOnly() {
        UUID orderId = UUID.randomUUID();
        dispatch(new AuthorizePayment(orderId, UUID.randomUUID(), 10, "EUR", CARD));
        UUID paymentId = announced(orderId, PaymentAuthorized.class).get(0).paymentId();

        assertThatThrownBy(() -> jdbc.update("UPDATE ledger_entry SET amount_cents = 0 WHERE payment_id = ?", paymentId.toString()))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM ledger_entry WHERE payment_id = ?", paymentId.toString()))
                .hasMessageContaining("append-only");
        assertThat(charged(orderId)).isEqualTo(10);
    }

    @Test
    void servesOpenApiAndPrometheusWithTheServiceMetrics() throws Exception {
        dispatch(new AuthorizePayment(UUID.randomUUID(), UUID.randomUUID(), 10, "EUR", CARD));
        String openApi = OpenApiCapture.capture("payment-service", app("/v3/api-docs"));
        assertThat(openApi).contains("/api/payments/{orderId}");

        String prometheus = get(management("/actuator/prometheus")).body();
        assertThat(prometheus).contains("firedrill_payment_total{").contains("firedrill_refund_total{")
                .contains("firedrill_payment_provider_seconds_bucket{").contains("service=\"payment-service\"");
        assertThat(get(management("/actuator/health/readiness")).statusCode()).isEqualTo(200);
    }
}
