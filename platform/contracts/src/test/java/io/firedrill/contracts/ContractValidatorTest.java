package io.firedrill.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContractValidatorTest {

    private static final ContractValidator VALIDATOR = ContractValidator.create();
    private static final String ORDER = "\"orderId\":\"7d1c6f0e-2a43-4c59-9a8e-0c3b1f6d2e11\"";
    private static final String RESERVATION = "\"reservationId\":\"c4e8a1b2-3d5f-4a6b-9c7d-1e2f3a4b5c6d\"";
    private static final String EXPIRES = "\"expiresAt\":\"2026-11-27T06:40:09Z\"";
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static ValidationResult inventoryReserved(String... fields) {
        return VALIDATOR.validate("InventoryReserved", 1, "{" + String.join(",", fields) + "}");
    }

    private static ValidationResult reserveInventory(String itemsJson) {
        return VALIDATOR.validate("ReserveInventory", 1, "{" + ORDER + ",\"items\":" + itemsJson + ",\"ttlSeconds\":900}");
    }

    private static String envelope(String overrides, String payload) {
        return "{\"eventId\":\"5b0d4c6e-1f2a-4b3c-8d4e-5f6a7b8c9d0e\",\"type\":\"InventoryReserved\",\"schemaVersion\":1,"
                + "\"occurredAt\":\"2026-11-27T06:25:09Z\",\"aggregateType\":\"inventory\","
                + "\"aggregateId\":\"7d1c6f0e-2a43-4c59-9a8e-0c3b1f6d2e11\",\"tenantRegion\":\"eu-west\","
                + "\"traceparent\":\"" + TRACEPARENT + "\"" + overrides + ",\"payload\":" + payload + "}";
    }

    @Test
    void acceptsACompleteInventoryReserved() {
        ValidationResult result = inventoryReserved(ORDER, RESERVATION, EXPIRES);

        assertThat(result.isValid()).isTrue();
        assertThat(result.summary()).isEqualTo("InventoryReserved v1 is valid");
        assertThat(result.reasonCode()).isEqualTo("valid");
    }

    @Test
    void acceptsDateTimesWithAnOffset() {
        assertThat(inventoryReserved(ORDER, RESERVATION, "\"expiresAt\":\"2026-11-27T08:40:09.5+02:00\"").isValid()).isTrue();
    }

    @Test
    void rejectsInventoryReservedWithoutReservationId() {
        ValidationResult result = inventoryReserved(ORDER, EXPIRES);

        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo("required");
            assertThat(v.message()).contains("reservationId");
        });
        assertThat(result.summary()).isEqualTo(
                "InventoryReserved v1 violates its contract: $: required property 'reservationId' not found");
    }

    @Test
    void rejectsAFieldOfTheWrongType() {
        ValidationResult result = inventoryReserved(ORDER, "\"reservationId\":42", EXPIRES);

        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo("type");
            assertThat(v.path()).isEqualTo("$.reservationId");
            assertThat(v.message()).contains("integer found, string expected");
        });
    }

    @Test
    void rejectsAFieldTheContractDoesNotKnow() {
        ValidationResult result = inventoryReserved(ORDER, RESERVATION, EXPIRES, "\"warehouse\":\"W1\"");

        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo("additionalProperties");
            assertThat(v.message()).contains("'warehouse'");
        });
    }

    @Test
    void rejectsAReservationIdThatIsNotAUuid() {
        ValidationResult result = inventoryReserved(ORDER, "\"reservationId\":\"res-1\"", EXPIRES);

        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo("format");
            assertThat(v.path()).isEqualTo("$.reservationId");
            assertThat(v.message()).contains("UUID");
        });
    }

    @Test
    void rejectsAnExpiryThatIsNotADateTime() {
        ValidationResult result = inventoryReserved(ORDER, RESERVATION, "\"expiresAt\":\"in 15 minutes\"");

        assertThat(result.violations()).extracting(Violation::code, Violation::path)
                .containsExactly(tuple("format", "$.expiresAt"));
    }

    @Test
    void rejectsANegativeQuantity() {
        ValidationResult result = reserveInventory("[{\"sku\":\"SKU-0042\",\"quantity\":-1}]");

        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo("minimum");
            assertThat(v.path()).isEqualTo("$.items[0].quantity");
        });
    }

    @Test
    void rejectsAQuantityAboveTheBound() {
        assertThat(reserveInventory("[{\"sku\":\"SKU-0042\",\"quantity\":1001}]").reasonCode()).isEqualTo("maximum");
    }

    @Test
    void rejectsASkuOutsideThePattern() {
        ValidationResult result = reserveInventory("[{\"sku\":\"sku 42\",\"quantity\":1}]");

        assertThat(result.violations()).extracting(Violation::code, Violation::path)
                .containsExactly(tuple("pattern", "$.items[0].sku"));
    }

    @Test
    void rejectsAReservationWithoutItems() {
        assertThat(reserveInventory("[]").reasonCode()).isEqualTo("minItems");
    }

    @Test
    void rejectsANegativeAmount() {
        ValidationResult result = VALIDATOR.validate("PaymentAuthorized", 1,
                "{" + ORDER + ",\"paymentId\":\"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\",\"amountCents\":-5}");

        assertThat(result.violations()).extracting(Violation::path).containsExactly("$.amountCents");
    }

    @Test
    void rejectsARejectionReasonOutsideTheEnum() {
        ValidationResult result = VALIDATOR.validate("InventoryRejected", 1, "{" + ORDER + ",\"reason\":\"WAREHOUSE_ON_FIRE\"}");

        assertThat(result.reasonCode()).isEqualTo("enum");
    }

    @Test
    void reportsEveryViolationNotOnlyTheFirst() {
        ValidationResult result = inventoryReserved("\"orderId\":\"nope\"", "\"reservationId\":1", "\"extra\":true");

        assertThat(result.violations()).extracting(Violation::code)
                .containsExactlyInAnyOrder("format", "type", "required", "additionalProperties");
    }

    @Test
    void rejectsAPayloadThatIsNotJsonAtAll() {
        ValidationResult result = VALIDATOR.validate("InventoryReserved", 1, "reservation ok");

        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo(Violation.MALFORMED_JSON);
            assertThat(v.message()).startsWith("not valid JSON:");
        });
    }

    @Test
    void rejectsAnEmptyPayload() {
        assertThat(VALIDATOR.validate("InventoryReserved", 1, new byte[0]).reasonCode()).isEqualTo(Violation.MALFORMED_JSON);
    }

    @Test
    void rejectsTruncatedJson() {
        assertThat(VALIDATOR.validate("InventoryReserved", 1, "{" + ORDER + ",").reasonCode())
                .isEqualTo(Violation.MALFORMED_JSON);
    }

    @Test
    void rejectsDuplicateKeysInsteadOfPickingOne() {
        ValidationResult result = inventoryReserved(ORDER, RESERVATION, EXPIRES, RESERVATION);

        assertThat(result.reasonCode()).isEqualTo(Violation.MALFORMED_JSON);
    }

    @Test
    void rejectsAPayloadThatIsNotAnObject() {
        assertThat(VALIDATOR.validate("InventoryReserved", 1, "[1,2]").reasonCode()).isEqualTo("type");
    }

    @Test
    void reportsAnUnknownTypeAsAViolation() {
        ValidationResult result = VALIDATOR.validate("InventoryTeleported", 1, "{}");

        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo(Violation.UNKNOWN_TYPE);
            assertThat(v.message()).contains("InventoryTeleported");
        });
    }

    @Test
    void reportsAnUnknownVersionAsAViolation() {
        ValidationResult result = VALIDATOR.validate("InventoryReserved", 2, "{}");

        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo(Violation.UNKNOWN_VERSION);
            assertThat(v.message()).isEqualTo("unknown schema version 2 of InventoryReserved (known: 1..1)");
        });
    }

    @Test
    void acceptsUtf8Bytes() {
        byte[] json = ("{" + ORDER + ",\"reason\":\"Zahlung abgelehnt: Kartenprüfung\"}").getBytes(StandardCharsets.UTF_8);

        assertThat(VALIDATOR.validate("PaymentDeclined", 1, json).isValid()).isTrue();
    }

    @Test
    void acceptsAWellFormedEnvelope() {
        ValidationResult result = VALIDATOR.validateEnvelope(envelope("", "{" + ORDER + "," + RESERVATION + "," + EXPIRES + "}"));

        assertThat(result.violations()).isEmpty();
        assertThat(result.type()).isEqualTo("InventoryReserved");
        assertThat(result.version()).isEqualTo(1);
    }

    @Test
    void acceptsAnEnvelopeWithoutTraceparent() {
        String json = envelope("", "{" + ORDER + "," + RESERVATION + "," + EXPIRES + "}")
                .replace(",\"traceparent\":\"" + TRACEPARENT + "\"", "");

        assertThat(VALIDATOR.validateEnvelope(json).isValid()).isTrue();
    }

    @Test
    void rejectsAnEnvelopeWithAMalformedTraceparent() {
        String json = envelope("", "{" + ORDER + "," + RESERVATION + "," + EXPIRES + "}").replace(TRACEPARENT, "00-abc-def-01");

        assertThat(VALIDATOR.validateEnvelope(json).violations()).extracting(Violation::path).containsExactly("$.traceparent");
    }

    @Test
    void rejectsAnEnvelopeWithAnAllZeroTraceId() {
        String json = envelope("", "{" + ORDER + "," + RESERVATION + "," + EXPIRES + "}")
                .replace(TRACEPARENT, "00-00000000000000000000000000000000-00f067aa0ba902b7-01");

        assertThat(VALIDATOR.validateEnvelope(json).reasonCode()).isEqualTo("pattern");
    }

    @Test
    void rejectsAnEnvelopeFromAnUnknownRegion() {
        String json = envelope("", "{}").replace("eu-west", "mars-north");

        assertThat(VALIDATOR.validateEnvelope(json).violations()).extracting(Violation::path).contains("$.tenantRegion");
    }

    @Test
    void rejectsAnEnvelopeWhosePayloadBreaksItsContract() {
        ValidationResult result = VALIDATOR.validateEnvelope(envelope("", "{" + ORDER + "," + EXPIRES + "}"));

        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("$.payload");
            assertThat(v.message()).contains("reservationId");
        });
        assertThat(result.summary()).startsWith("InventoryReserved v1 violates its contract: $.payload: required property");
    }

    @Test
    void rejectsAnEnvelopeAnnouncingAVersionThisBuildDoesNotKnow() {
        String json = envelope("", "{" + ORDER + "," + RESERVATION + "," + EXPIRES + "}")
                .replace("\"schemaVersion\":1", "\"schemaVersion\":3");

        ValidationResult result = VALIDATOR.validateEnvelope(json);

        assertThat(result.reasonCode()).isEqualTo(Violation.UNKNOWN_VERSION);
        assertThat(result.version()).isEqualTo(3);
    }

    @Test
    void rejectsAnEnvelopeWithoutEventId() {
        String json = envelope("", "{}").replace("\"eventId\":\"5b0d4c6e-1f2a-4b3c-8d4e-5f6a7b8c9d0e\",", "");

        assertThat(VALIDATOR.validateEnvelope(json).violations()).extracting(Violation::message)
                .anySatisfy(m -> assertThat(m).contains("eventId"));
    }

    @Test
    void rejectsAnEnvelopeThatIsNotJson() {
        ValidationResult result = VALIDATOR.validateEnvelope("\u0000\u0001binary");

        assertThat(result.reasonCode()).isEqualTo(Violation.MALFORMED_JSON);
        assertThat(result.type()).isNull();
        assertThat(result.summary()).startsWith("message violates its contract: $: not valid JSON");
    }
}
