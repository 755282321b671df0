package io.firedrill.shipment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.Address;
import org.junit.jupiter.api.Test;

class AddressRulesTest {

    @Test
    void acceptsAnOrdinaryAddress() {
        assertThat(AddressRules.violation(new Address("Jo Doe", "1 Main St", null, "Austin", "78701-1234", "US"))).isEmpty();
    }

    @Test
    void refusesWhatNoCarrierCouldSort() {
        assertThat(AddressRules.violation(new Address("Jo", "1 Main St", null, "X", "12345", "ZZ")))
                .hasValueSatisfying(r -> assertThat(r).contains("unknown destination country 'ZZ'"));
        assertThat(AddressRules.violation(new Address("  ", "1 Main St", null, "X", "12345", "FR")))
                .hasValueSatisfying(r -> assertThat(r).contains("recipient is blank"));
        assertThat(AddressRules.violation(new Address("Jo", "1 Main\u0007 St", null, "X", "12345", "FR")))
                .hasValueSatisfying(r -> assertThat(r).contains("line1 contains control characters"));
        assertThat(AddressRules.violation(new Address("Jo", "1 Main St", null, "X", "#!", "FR")))
                .hasValueSatisfying(r -> assertThat(r).contains("postal code '#!'"));
        assertThat(AddressRules.violation(null)).isPresent();
    }
}
