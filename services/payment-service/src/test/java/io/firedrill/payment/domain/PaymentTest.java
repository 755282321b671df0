package io.firedrill.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.contracts.TenantRegion;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The payment state machine and its ledger entries, without Spring or a database. */
class PaymentTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void anAuthorizationChargesAndARefundBringsTheLedgerBackToZero() {
        Payment.Authorized authorized = Payment.authorize(UUID.randomUUID(), UUID.randomUUID(), 2_500, "EUR", "4242424242424242",
                "ref", TenantRegion.EU_WEST, NOW);
        assertThat(authorized.charge().kind()).isEqualTo(LedgerKind.AUTHORIZATION);
        assertThat(authorized.charge().amountCents()).isEqualTo(2_500);
        assertThat(authorized.payment().paymentMethod()).isEqualTo("************4242");
        assertThat(authorized.payment().decideRefund()).isEqualTo(Payment.RefundDecision.REFUND);

        Payment.Refunded refunded = authorized.payment().refund(NOW.plusSeconds(5));
        assertThat(refunded.refund().amountCents() + authorized.charge().amountCents()).isZero();
        assertThat(refunded.payment().status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(refunded.payment().version()).isEqualTo(1);
        assertThat(refunded.payment().decideRefund()).isEqualTo(Payment.RefundDecision.ALREADY_REFUNDED);
        assertThatThrownBy(() -> refunded.payment().refund(NOW)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void aDeclinedPaymentChargedNothingAndCannotBeRefunded() {
        Payment declined = Payment.decline(UUID.randomUUID(), UUID.randomUUID(), 100, "EUR", "wallet", "CARD_DECLINED",
                TenantRegion.US_EAST, NOW);
        assertThat(declined.decideRefund()).isEqualTo(Payment.RefundDecision.NOTHING_CHARGED);
        assertThat(declined.paymentMethod()).isEqualTo("wallet");
        assertThatThrownBy(() -> declined.refund(NOW)).isInstanceOf(IllegalTransitionException.class).hasMessageContaining("DECLINED");
    }

    @Test
    void ledgerEntriesRefuseTheWrongSign() {
        assertThatThrownBy(() -> new LedgerEntry(UUID.randomUUID(), UUID.randomUUID(), LedgerKind.REFUND, 5, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LedgerEntry(UUID.randomUUID(), UUID.randomUUID(), LedgerKind.AUTHORIZATION, -5, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
