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

    private static ValidationResult inventoryReserved(String... fields) {
        return VALIDATOR.validate("InventoryReserved", 1, "{" + String.join(",", fields) + "}");
    }

    private static ValidationResult reserveInventory(String itemsJson) {
        return VALIDATOR.validate("ReserveInventory", 1, "{" + ORDER + ",\"items\":" + itemsJson + ",\"ttlSeconds\":900}");
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
}
