package io.firedrill.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firedrill.contracts.events.PaymentRefunded;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The repair of a compensation that gave up ({@code POST /admin/sagas/retry-compensation}, the runbook's action for
 * SagaCompensationFailed) and the saga's own patience with it ({@code compensationRetryFor}), on the real database and
 * Kafka: the test plays payment-service, which never acknowledges the refund until it does.
 */
class CompensationRetryTest extends OrderServiceTestBase {

    private static final String RETRY = "/admin/sagas/retry-compensation";

    @Test
    void theAdminActionResendsTheRefundOfACompensationFailedCheckoutAndTheOrderEndsCancelled() {
        UUID order = refundThatPaymentNeverAcknowledges();
        awaitOrderStatus(order, "COMPENSATION_FAILED");
        UUID payment = UUID.fromString((String) sagaRow(order).get("payment_id"));
        assertThat(outboxCount(order, "RefundPayment")).isEqualTo(2);

        HttpResponse<String> answer = admin().post(RETRY, "{\"orderIds\":[\"" + order + "\"]}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = json(answer);
        assertThat(body.path("retried").asInt()).isEqualTo(1);
        assertThat(body.path("orders").get(0).path("orderId").asText()).isEqualTo(order.toString());
        assertThat(body.path("orders").get(0).path("compensation").asText()).isEqualTo("REFUND_PAYMENT");
        assertThat(body.path("orders").get(0).path("sagaState").asText()).isEqualTo("COMPENSATING");
        // A fresh set of attempts: the refund goes out again, the order stays failed until it is acknowledged.
        assertThat(sagaRow(order)).containsEntry("state", "COMPENSATING").containsEntry("step", "REFUND_PAYMENT")
                .containsEntry("attempts", 1);
        assertThat(outboxCount(order, "RefundPayment")).isEqualTo(3);
        assertThat(outboxPayload(order, "RefundPayment").path("paymentId").asText()).isEqualTo(payment.toString());
        assertThat(orderRow(order)).containsEntry("status", "COMPENSATION_FAILED");

        participants().send(new PaymentRefunded(order, payment, 1250));

        awaitOrderStatus(order, "CANCELLED");
        assertThat(sagaRow(order)).containsEntry("state", "CANCELLED").containsEntry("payment_status", "REFUNDED");
        assertThat(outboxCount(order, "OrderCancelled")).isEqualTo(1);

        // Repaired: nothing is left to retry for it.
        JsonNode conflict = problem(admin().post(RETRY, "{\"orderIds\":[\"" + order + "\"]}"), 409);
        assertThat(conflict.path("detail").asText()).contains(order.toString()).contains("CANCELLED");
    }

    @Test
    void anEmptyBodyRetriesEveryCompensationFailedSaga() {
        UUID order = refundThatPaymentNeverAcknowledges();
        awaitOrderStatus(order, "COMPENSATION_FAILED");

        HttpResponse<String> answer = admin().post(RETRY, "{\"limit\": 1000}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = json(answer);
        assertThat(body.path("retried").asInt()).isPositive();
        assertThat(body.path("orders").findValuesAsText("orderId")).contains(order.toString());
        assertThat(sagaRow(order)).containsEntry("state", "COMPENSATING").containsEntry("step", "REFUND_PAYMENT");
    }

    @Test
    void badInputIsAProblemAndRetriesNothing() {
        UUID failed = refundThatPaymentNeverAcknowledges();
        awaitOrderStatus(failed, "COMPENSATION_FAILED");
        UUID unknown = UUID.randomUUID();

        assertThat(problem(admin().post(RETRY, "{\"orderIds\":[\"" + failed + "\",\"" + unknown + "\"]}"), 404)
                .path("detail").asText()).contains(unknown.toString());
        problem(admin().post(RETRY, "{\"orderIds\":[\"not-a-uuid\"]}"), 400);
        problem(admin().post(RETRY, "{\"limit\":0}"), 400);
        problem(admin().post(RETRY, "{\"limit\":1001}"), 400);
        problem(admin().post(RETRY, "{\"orderIds\":[\"" + failed + "\"],\"limit\":5}"), 400);
        problem(admin().post(RETRY, "{\"orderIds\":\"" + failed + "\"}"), 400);
        problem(admin().post(RETRY, "{\"orderIdz\":[\"" + failed + "\"]}"), 400);
        problem(admin().post(RETRY, "{nope"), 400);
        problem(admin().send("GET", RETRY, null), 405);
        assertThat(admin().withoutToken().post(RETRY, "{}").statusCode()).isEqualTo(401);
        assertThat(admin().withToken("wrong").post(RETRY, "{}").statusCode()).isEqualTo(401);

        // None of those touched the failed saga.
        assertThat(sagaRow(failed)).containsEntry("state", "COMPENSATION_FAILED");
        assertThat(outboxCount(failed, "RefundPayment")).isEqualTo(2);
    }

    @Test
    void withCompensationRetryForTheSagaKeepsResendingTheRefundPastItsAttemptsAndNeverFails() {
        UUID order = refundThatPaymentNeverAcknowledges(Duration.ofMinutes(1));
        awaitSaga(order, "COMPENSATING", "REFUND_PAYMENT");

        // 2 attempts of 300 ms, doubled per resend: past the attempts the refund still goes out.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(outboxCount(order, "RefundPayment")).isGreaterThanOrEqualTo(4));
        assertThat(sagaRow(order)).containsEntry("state", "COMPENSATING");
        assertThat(orderRow(order).get("status")).isNotEqualTo("COMPENSATION_FAILED");

        // The provider refunds at last: no operator was needed.
        UUID payment = UUID.fromString((String) sagaRow(order).get("payment_id"));
        participants().send(new PaymentRefunded(order, payment, 1250));
        awaitOrderStatus(order, "CANCELLED");
        assertThat(sagaRow(order)).containsEntry("state", "CANCELLED").containsEntry("payment_status", "REFUNDED");
        // It never gave up on the way (giving up records "RefundPayment not acknowledged after N attempts").
        assertThat(String.valueOf(sagaRow(order).get("last_error"))).doesNotContain("not acknowledged");
    }

    @Test
    void theRetryWindowOfTheSettingsIsShownAndValidated() throws Exception {
        assertThat(json(admin().get("/admin/settings")).path("compensationRetryFor").asText()).isEqualTo("PT0S");
        HttpResponse<String> changed = admin().patch("/admin/settings", "{\"compensationRetryFor\":\"30m\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(settings.current().compensationRetryFor()).isEqualTo(java.time.Duration.ofMinutes(30));
        problem(admin().patch("/admin/settings", "{\"compensationRetryFor\":\"-5s\"}"), 422);
        assertThat(settings.current().compensationRetryFor()).isEqualTo(java.time.Duration.ofMinutes(30));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return new Response(response.statusCode(), response.headers(), response.body()).json();
    }

    private static JsonNode problem(HttpResponse<String> response, int status) {
        return new Response(response.statusCode(), response.headers(), response.body()).problem(status);
    }
}
