package io.firedrill.shipment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrackingNumberTest {

    @Test
    void isDerivedFromTheOrderAndCarriesAValidCheckDigit() {
        UUID orderId = UUID.randomUUID();
        String tracking = TrackingNumber.forOrder(orderId);
        assertThat(tracking).matches("FD\\d{12}").isEqualTo(TrackingNumber.forOrder(orderId));
        assertThat(TrackingNumber.isValid(tracking)).isTrue();
        char wrong = (char) ('0' + (tracking.charAt(13) - '0' + 1) % 10);
        assertThat(TrackingNumber.isValid(tracking.substring(0, 13) + wrong)).isFalse();
    }

    @Test
    void luhnCheckDigitMatchesTheTextbookExample() {
        // 7992739871 -> check digit 3 (the classic Luhn example).
        assertThat(TrackingNumber.luhn("7992739871")).isEqualTo(3);
    }
}
