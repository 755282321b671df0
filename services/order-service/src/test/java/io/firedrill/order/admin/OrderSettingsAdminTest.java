package io.firedrill.order.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.firedrill.contracts.admin.ChaosLevers;
import io.firedrill.order.OrderProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The /admin/settings fields of order-service are the levers chaos/README.md documents. */
class OrderSettingsAdminTest {

    private final OrderProperties defaults = new Binder(new MapConfigurationPropertySource())
            .bindOrCreate("firedrill.order", OrderProperties.class);
    private final OrderSettingsAdmin admin = new OrderSettingsAdmin(new OrderSettings(defaults));

    @Test
    void acceptsAndShowsExactlyTheDeclaredLevers() {
        assertThat(admin.fields()).isEqualTo(ChaosLevers.ORDER.fields());
        assertThat(admin.view().keySet()).containsExactlyInAnyOrderElementsOf(ChaosLevers.ORDER.fields());
    }
}
