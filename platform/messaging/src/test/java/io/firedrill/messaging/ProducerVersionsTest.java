package io.firedrill.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.ContractCodec;
import io.firedrill.contracts.ContractValidator;
import io.firedrill.contracts.MessageType;
import io.firedrill.contracts.events.PaymentAuthorized;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The schema-drift lever against the real contracts: a draft leaves the producer only with the contract gate off. */
class ProducerVersionsTest {

    private static final ContractValidator CONTRACTS = ContractValidator.create();
    private static final EventDraft AMOUNT_AS_STRING = new EventDraft(MessageType.PAYMENT_AUTHORIZED, 2, "amount as a string",
            p -> {
                long cents = p.path("amountCents").asLong();
                p.remove("amountCents");
                p.put("amount", BigDecimal.valueOf(cents, 2).toPlainString());
                return p;
            },
            p -> {
                long cents = new BigDecimal(p.path("amount").asText()).movePointRight(2).longValueExact();
                p.remove("amount");
                p.put("amountCents", cents);
                return p;
            });

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String current = ContractCodec.shared().toJson(new PaymentAuthorized(UUID.randomUUID(), UUID.randomUUID(), 1250));

    @Test
    void emitsTheCurrentVersionUntilADraftIsSelected() {
        ProducerVersions versions = new ProducerVersions(List.of(AMOUNT_AS_STRING), CONTRACTS, meters, true);

        assertThat(versions.encode(MessageType.PAYMENT_AUTHORIZED, current)).isEqualTo(new ProducerVersions.Encoded(current, 1));
    }

    @Test
    void contractGateRefusesADraftTheConsumersDoNotKnowAndPublishesTheCurrentVersion() {
        ProducerVersions versions = new ProducerVersions(List.of(AMOUNT_AS_STRING), CONTRACTS, meters, true);
        versions.select(MessageType.PAYMENT_AUTHORIZED, 2);

        ProducerVersions.Encoded encoded = versions.encode(MessageType.PAYMENT_AUTHORIZED, current);

        assertThat(encoded).isEqualTo(new ProducerVersions.Encoded(current, 1));
        assertThat(meters.counter("firedrill_producer_contract_refusals_total", "type", "PaymentAuthorized", "version", "2",
                "reason", "unknown-version").count()).isEqualTo(1.0);
    }

    @Test
    void withoutTheGateTheDraftLeavesAndEveryConsumerWouldRejectIt() {
        ProducerVersions versions = new ProducerVersions(List.of(AMOUNT_AS_STRING), CONTRACTS, meters, false);
        versions.select(MessageType.PAYMENT_AUTHORIZED, 2);

        ProducerVersions.Encoded encoded = versions.encode(MessageType.PAYMENT_AUTHORIZED, current);

        assertThat(encoded.version()).isEqualTo(2);
        assertThat(encoded.payload()).contains("\"amount\":\"12.50\"").doesNotContain("amountCents");
        assertThat(CONTRACTS.validate("PaymentAuthorized", 2, encoded.payload()).isValid()).isFalse();
        // Even claiming v1 would not pass: amountCents is required and amount is not allowed.
        assertThat(CONTRACTS.validate("PaymentAuthorized", 1, encoded.payload()).isValid()).isFalse();
    }

    @Test
    void restoreTurnsADeadLetteredDraftBackIntoAValidCurrentEvent() {
        ProducerVersions versions = new ProducerVersions(List.of(AMOUNT_AS_STRING), CONTRACTS, meters, false);
        versions.select(MessageType.PAYMENT_AUTHORIZED, 2);
        String drifted = versions.encode(MessageType.PAYMENT_AUTHORIZED, current).payload();

        ProducerVersions.Encoded restored = versions.restore("PaymentAuthorized", 2, drifted.getBytes(StandardCharsets.UTF_8)).orElseThrow();

        assertThat(restored.version()).isEqualTo(1);
        assertThat(CONTRACTS.validate("PaymentAuthorized", 1, restored.payload()).isValid()).isTrue();
        assertThat(restored.payload()).contains("\"amountCents\":1250");
        assertThat(versions.restore("PaymentAuthorized", 1, current.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(versions.restore("InventoryReserved", 2, drifted.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void anUnknownVersionIsRefusedAndResetRestoresTheConfiguredGate() {
        ProducerVersions versions = new ProducerVersions(List.of(AMOUNT_AS_STRING), CONTRACTS, meters, true);

        assertThatThrownBy(() -> versions.select(MessageType.PAYMENT_AUTHORIZED, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("draft v2");
        assertThatThrownBy(() -> versions.select(MessageType.INVENTORY_RESERVED, 2)).isInstanceOf(IllegalArgumentException.class);
        versions.contractGate(false);
        versions.select(MessageType.PAYMENT_AUTHORIZED, 2);
        versions.reset();

        assertThat(versions.view()).containsEntry("contractGate", true).containsEntry("draftsInUse", java.util.Map.of());
    }
}
