package io.firedrill.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.ContractCodec;
import io.firedrill.contracts.ContractValidator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StockAvailabilityChangedTest {

    private static final ContractCodec CODEC = ContractCodec.shared();

    @Test
    void everyChangeOfOneSkuIsKeyedAlikeAndOtherSkusApart() {
        StockAvailabilityChanged soldOut = new StockAvailabilityChanged("SKU-0042", 0);
        StockAvailabilityChanged backInStock = new StockAvailabilityChanged("SKU-0042", 3);

        assertThat(soldOut.orderId()).isEqualTo(backInStock.orderId())
                .isEqualTo(StockAvailabilityChanged.streamId("SKU-0042"))
                .isNotEqualTo(StockAvailabilityChanged.streamId("SKU-0043"));
    }

    @Test
    void theDerivedKeyIsNotPartOfThePayload() {
        String json = new String(CODEC.toBytes(new StockAvailabilityChanged("SKU-0042", 0)), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"sku\":\"SKU-0042\",\"available\":0}");
    }

    @Test
    void soldOutMeansNothingAvailable() {
        assertThat(new StockAvailabilityChanged("SKU-0042", 0).soldOut()).isTrue();
        assertThat(new StockAvailabilityChanged("SKU-0042", 1).soldOut()).isFalse();
        assertThatThrownBy(() -> new StockAvailabilityChanged("SKU-0042", -1)).hasMessageContaining("SKU-0042");
    }

    @Test
    void theSchemaRefusesANegativeQuantityAndALowerCaseSku() {
        ContractValidator validator = ContractValidator.create();

        assertThat(validator.validate("StockAvailabilityChanged", 1,
                "{\"sku\":\"SKU-0042\",\"available\":-1}".getBytes(StandardCharsets.UTF_8)).reasonCode()).isEqualTo("minimum");
        assertThat(validator.validate("StockAvailabilityChanged", 1,
                "{\"sku\":\"sku 42\",\"available\":0}".getBytes(StandardCharsets.UTF_8)).reasonCode()).isEqualTo("pattern");
    }
}
