package io.firedrill.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firedrill.contracts.commands.AuthorizePayment;
import io.firedrill.contracts.events.PaymentAuthorized;
import io.firedrill.contracts.events.PaymentDeclined;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The card vault: a card is tokenized once, checkouts carry the token, and no table holds the number. A token charges
 * only its own customer's orders.
 */
class CardVaultTest extends PaymentTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tokenizesACardKeepingOnlyBrandAndLastFourAndAnswersWhatATokenStandsFor() throws Exception {
        UUID customer = UUID.randomUUID();

        HttpResponse<String> created = tokenize(customer, "4242 4242 4242 4242");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode card = JSON.readTree(created.body());
        String token = card.path("token").asText();
        assertThat(token).matches("pm_[A-Za-z0-9_-]{24}");
        assertThat(card.path("brand").asText()).isEqualTo("visa");
        assertThat(card.path("last4").asText()).isEqualTo("4242");
        assertThat(card.path("masked").asText()).isEqualTo("visa ****4242");
        assertThat(created.body()).doesNotContain("4242424242424242");

        HttpResponse<String> found = get(app("/api/payment-methods/" + token));
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(found.body()).path("customerId").asText()).isEqualTo(customer.toString());
        assertThat(jdbc.queryForList("SELECT CONCAT_WS('|', token, customer_id, brand, last4) FROM card_token WHERE token = ?",
                String.class, token)).singleElement().asString().doesNotContain("424242424242");
        assertThat(get(app("/api/payment-methods/pm_000000000000000000000000")).statusCode()).isEqualTo(404);
    }

    @Test
    void aNumberThatIsNotACardIs422AndIsNotEchoed() throws Exception {
        for (String number : List.of("4242424242424241", "42424242", "4242-4242-4242-424x")) {
            HttpResponse<String> refused = tokenize(UUID.randomUUID(), number);
            assertThat(refused.statusCode()).as(number).isIn(400, 422);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                    .startsWith("application/problem+json"));
            assertThat(refused.body()).doesNotContain(number);
        }
        assertThat(tokenize(UUID.randomUUID(), "4242424242424241").statusCode()).isEqualTo(422); // Luhn
    }

    @Test
    void aTokenChargesItsOwnersOrdersWithTheMaskedCardAndAnotherCustomersOrderIsDeclined() throws Exception {
        UUID customer = UUID.randomUUID();
        String good = tokenized(customer, "4242424242424242");
        String declining = tokenized(customer, "4000000000000002");
        UUID paid = UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        UUID stolen = UUID.randomUUID();

        dispatch(new AuthorizePayment(paid, customer, 1_500, "EUR", good));
        dispatch(new AuthorizePayment(refused, customer, 1_500, "EUR", declining));
        dispatch(new AuthorizePayment(stolen, UUID.randomUUID(), 1_500, "EUR", good));

        awaitAnnounced(paid, PaymentAuthorized.class);
        assertThat(jdbc.queryForObject("SELECT payment_method FROM payment WHERE order_id = ?", String.class, paid.toString()))
                .isEqualTo("visa ****4242");
        assertThat(awaitAnnounced(refused, PaymentDeclined.class).reason()).isEqualTo("CARD_DECLINED");
        assertThat(awaitAnnounced(stolen, PaymentDeclined.class).reason()).isEqualTo("INVALID_PAYMENT_METHOD");
        assertThat(charged(stolen)).isZero();
    }

    private HttpResponse<String> tokenize(UUID customer, String number) throws Exception {
        String body = JSON.writeValueAsString(java.util.Map.of("customerId", customer.toString(), "cardNumber", number));
        return http.send(HttpRequest.newBuilder(URI.create(app("/api/payment-methods"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Through the API, as a customer's client does. */
    private String tokenized(UUID customer, String number) throws Exception {
        HttpResponse<String> created = tokenize(customer, number);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("token").asText();
    }
}
