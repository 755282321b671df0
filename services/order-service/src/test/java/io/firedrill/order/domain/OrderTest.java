package io.firedrill.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.Address;
import io.firedrill.contracts.TenantRegion;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderTest {

    private final Instant now = Instant.parse("2026-01-01T10:00:00Z");

    private Order order() {
        return Order.place(UUID.randomUUID(), UUID.randomUUID(), TenantRegion.EU_WEST,
                List.of(new OrderLine("SKU-1", "Shoe", 3, 1999)), "EUR", "pm_test0123456789abcdefghij", "visa ****1111",
                new Address("A", "1 St", null, "Dublin", "D01", "IE"), null, null, now);
    }

    @Test
    void totalsTheLinesAndStartsPending() {
        Order order = order();
        assertThat(order.totalCents()).isEqualTo(5997);
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void movesOnlyAlongTheHappyPath() {
        Order order = order();
        assertThatThrownBy(() -> order.markPaid(now)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> order.complete(now)).isInstanceOf(IllegalTransitionException.class);
        order.markReserved(now);
        order.markPaid(now);
        order.complete(now);
        assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
        assertThatThrownBy(() -> order.cancel("X", now)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> order.compensationFailed(now)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void keepsTheCancelReasonFromCompensationStartAndMayFailAfterCancellation() {
        Order order = order();
        order.markReserved(now);
        order.compensating("PAYMENT_DECLINED", now);
        assertThat(order.status()).isEqualTo(OrderStatus.RESERVED);
        assertThat(order.reason()).isEqualTo("PAYMENT_DECLINED");

        order.cancel("PAYMENT_DECLINED", now);
        // A late payment refunded after the cancellation may still fail.
        order.compensationFailed(now);
        assertThat(order.status()).isEqualTo(OrderStatus.COMPENSATION_FAILED);
        order.resolveCompensationFailure(now);
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.reason()).isEqualTo("PAYMENT_DECLINED");
    }
}
