package io.firedrill.payment.domain;

import io.firedrill.contracts.TenantRegion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A payment for one order, as an immutable state machine: created AUTHORIZED (with its AUTHORIZATION ledger entry)
 * or DECLINED (no entry), then possibly REFUNDED (with a negative REFUND entry). Illegal transitions are refused.
 */
public record Payment(UUID id, UUID orderId, UUID customerId, long amountCents, String currency, String paymentMethod,
                      PaymentStatus status, String declineReason, String providerReference, TenantRegion tenantRegion,
                      Instant createdAt, Instant updatedAt, long version) {

    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        if ((status == PaymentStatus.DECLINED) != (declineReason != null)) {
            throw new IllegalArgumentException("a payment has a decline reason exactly when it is DECLINED");
        }
        if (amountCents < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + amountCents);
        }
    }

    /** The provider approved: the payment and the ledger entry that charges the customer. */
    public static Authorized authorize(UUID orderId, UUID customerId, long amountCents, String currency, String paymentMethod,
                                       String providerReference, TenantRegion region, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        Payment payment = new Payment(UUID.randomUUID(), orderId, customerId, amountCents, currency,
                PaymentMethods.mask(paymentMethod), PaymentStatus.AUTHORIZED, null, providerReference, region, at, at, 0);
        return new Authorized(payment, LedgerEntry.of(payment.id, LedgerKind.AUTHORIZATION, amountCents, at));
    }

    public record Authorized(Payment payment, LedgerEntry charge) {}

    /** The provider declined: recorded so the same order gets the same answer; nothing is charged. */
    public static Payment decline(UUID orderId, UUID customerId, long amountCents, String currency, String paymentMethod,
                                  String reason, TenantRegion region, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        return new Payment(UUID.randomUUID(), orderId, customerId, amountCents, currency, PaymentMethods.mask(paymentMethod),
                PaymentStatus.DECLINED, reason, null, region, at, at, 0);
    }

    /** What RefundPayment does to this payment. */
    public enum RefundDecision {
        /** AUTHORIZED: give the whole charge back (provider refund, REFUND entry, status REFUNDED). */
        REFUND,
        /** Already REFUNDED: re-announce the refund, no second entry. */
        ALREADY_REFUNDED,
        /** DECLINED: nothing was charged, so nothing is refunded; announced as a refund of 0 so the saga can finish. */
        NOTHING_CHARGED
    }

    public RefundDecision decideRefund() {
        return switch (status) {
            case AUTHORIZED -> RefundDecision.REFUND;
            case REFUNDED -> RefundDecision.ALREADY_REFUNDED;
            case DECLINED -> RefundDecision.NOTHING_CHARGED;
        };
    }

    /** AUTHORIZED → REFUNDED with the entry that brings the ledger of this payment back to 0. */
    public Refunded refund(Instant now) {
        if (status != PaymentStatus.AUTHORIZED) {
            throw new IllegalTransitionException(id, status, "be refunded");
        }
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        Payment refunded = new Payment(id, orderId, customerId, amountCents, currency, paymentMethod, PaymentStatus.REFUNDED,
                null, providerReference, tenantRegion, createdAt, at, version + 1);
        return new Refunded(refunded, LedgerEntry.of(id, LedgerKind.REFUND, -amountCents, at));
    }

    public record Refunded(Payment payment, LedgerEntry refund) {}
}
